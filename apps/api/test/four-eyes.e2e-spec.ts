import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const evidence = [{ link: 'https://northshire.example/transition/eli-fostering.pdf', description: 'ELI return' }];
const refusal = (severity: string) =>
  `The person who resolved this ${severity} finding may not also close it: another adviser must verify the resolution and close it (four eyes, a policy of this programme)`;

/** Four eyes over HTTP: two advisers, and the administrator, who counts as a person too. */
describe('four eyes on closing findings', () => {
  let t: TestApp;
  let programmeId: string;
  let ana: string;
  let ben: string;
  const findings = () => `/api/programmes/${programmeId}/findings`;

  async function adviser(email: string, name: string): Promise<string> {
    const id = (await t.http().post('/api/users').send({ email, name }).expect(201)).body.id as string;
    await t.http().post(`/api/programmes/${programmeId}/members`).send({ userId: id, role: 'adviser' }).expect(201);
    return (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token as string;
  }

  /** A finding of this severity, resolved by whoever holds the token (the administrator when none). */
  async function resolvedBy(severity: string, token?: string): Promise<string> {
    const id = (await t.http().post(findings()).send({ area: 'staff', title: `A ${severity} finding`, description: 'x', severity, owner: 'HR', dueDate: '2027-01-31' }).expect(201)).body.id as string;
    await t.http(token).post(`${findings()}/${id}/resolve`).send({ resolution: 'ELI received', evidence }).expect(200);
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp();
    programmeId = await registerProgramme(t);
    ana = await adviser('ana@tracker.example', 'Ana Adviser');
    ben = await adviser('ben@tracker.example', 'Ben Adviser');
  }, 60_000);
  afterAll(async () => t?.close());

  it.each(['critical', 'high'])('refuses the adviser who resolved a %s finding closing it with 409 in words, writing nothing', async (severity) => {
    const id = await resolvedBy(severity, ana);
    const before = (await t.events()).length;
    const response = await t.http(ana).post(`${findings()}/${id}/close`).send({ note: 'My own check' }).expect(409);
    expect(response.body).toEqual({ code: 'ILLEGAL_STATE', message: expect.stringContaining(refusal(severity)), details: [] });
    expect((await t.events()).length).toBe(before);
    expect((await t.http().get(`${findings()}/${id}`).expect(200)).body.status).toBe('resolved');
  });

  it('lets another adviser verify and close it, and records who resolved it', async () => {
    const id = await resolvedBy('critical', ana);
    await t.http(ben).post(`${findings()}/${id}/close`).send({ note: 'Checked the return' }).expect(200);
    const events = (await t.events()).filter((e) => e.streamId.endsWith(id));
    const resolved = events.find((e) => e.type === 'FindingResolved')!;
    expect(resolved.data).toMatchObject({ resolvedBy: resolved.metadata.userId });
    expect(events.at(-1)).toMatchObject({ type: 'FindingClosed' });
  });

  it('counts the administrator as a person: an administrator may not close what they resolved, but may close what an adviser resolved', async () => {
    const byAdmin = await resolvedBy('high');
    await t.http().post(`${findings()}/${byAdmin}/close`).send({}).expect(409);
    await t.http(ana).post(`${findings()}/${byAdmin}/close`).send({}).expect(200);
    const byAna = await resolvedBy('high', ana);
    await t.http().post(`${findings()}/${byAna}/close`).send({}).expect(200);
  });

  it.each(['medium', 'low'])('lets the resolver close a %s finding, which the default policy leaves out', async (severity) => {
    const id = await resolvedBy(severity, ana);
    await t.http(ana).post(`${findings()}/${id}/close`).send({}).expect(200);
  });

  it('follows the policy when it changes: widened to medium the resolver is refused, turned off they may close a critical one', async () => {
    const medium = await resolvedBy('medium', ana);
    const critical = await resolvedBy('critical', ana);
    await t.http().patch(`/api/programmes/${programmeId}/settings`).send({ fourEyes: ['critical', 'high', 'medium'] }).expect(200);
    expect((await t.http(ana).post(`${findings()}/${medium}/close`).send({}).expect(409)).body.message).toContain(refusal('medium'));
    await t.http().patch(`/api/programmes/${programmeId}/settings`).send({ fourEyes: [] }).expect(200);
    await t.http(ana).post(`${findings()}/${medium}/close`).send({}).expect(200);
    await t.http(ana).post(`${findings()}/${critical}/close`).send({}).expect(200);
    await t.http().patch(`/api/programmes/${programmeId}/settings`).send({ fourEyes: ['critical', 'high'] }).expect(200);
  });

  it('judges an earlier resolution, stored before resolvedBy existed, by who recorded it', async () => {
    const id = (await t.http().post(findings()).send({ area: 'staff', title: 'An old finding', description: 'x', severity: 'critical', owner: 'HR', dueDate: '2027-01-31', evidence }).expect(201)).body.id as string;
    const streamId = `programme-${programmeId}-finding-${id}`;
    const raised = (await t.store.readStream(streamId))[0];
    // A resolution as it was written before four eyes came in: no resolvedBy in its data.
    await t.store.appendToStream(
      streamId,
      [{ eventId: crypto.randomUUID(), type: 'FindingResolved', schemaVersion: 1, data: { programmeId, findingId: id, resolution: 'ELI received', evidence: [] }, metadata: { ...raised.metadata, causationId: 'old', recordedAt: '2026-11-22T10:00:00.000Z' } }],
      0,
    );
    // Raised, and so resolved, by the administrator: the administrator may not close it, an adviser may.
    await t.http().post(`${findings()}/${id}/close`).send({}).expect(409);
    await t.http(ben).post(`${findings()}/${id}/close`).send({}).expect(200);
  });

  it('says so on the close form of a finding the policy covers, and not on one it leaves out', async () => {
    const high = await resolvedBy('high', ana);
    const low = await resolvedBy('low', ana);
    const form = (id: string) => t.http().get(`/programmes/${programmeId}/findings/${id}/close`).expect(200);
    expect((await form(high)).text).toContain('Four eyes: this is a high finding, so the person who resolved it may not also close it.');
    expect((await form(low)).text).not.toContain('Four eyes');
    // The finding's own page names who resolved it, for every reader.
    const page = (id: string) => t.http().get(`/programmes/${programmeId}/findings/${id}`).expect(200);
    expect((await page(high)).text).toContain('Four eyes: this high finding was resolved by Ana Adviser, who may not also close it.');
    expect((await page(low)).text).not.toContain('data-testid="four-eyes"');
  });
});
