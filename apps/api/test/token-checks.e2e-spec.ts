import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A token found valid is not looked up again while the read models apply nothing (auth.guard.ts):
 * these show it still stops at once when anything about it changes, even straight after a burst of use.
 */
describe('API tokens checked once per change of the read models', () => {
  let t: TestApp;
  let programmeId: string;

  async function adviser(email: string) {
    const id = (await t.http().post('/api/users').send({ email, name: 'Ann Adviser' }).expect(201)).body.id as string;
    const issued = (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body;
    await t.http().post(`/api/programmes/${programmeId}/members`).send({ userId: id, role: 'adviser' }).expect(201);
    return { id, token: issued.token as string, tokenId: issued.id as string };
  }
  /** Many reads at once with one token, and a write (checked as it arrives and again by the guard). */
  async function burst(token: string, expected: number, reference: string) {
    const statuses = await Promise.all(Array.from({ length: 20 }, () => t.http(token).get('/api/me').then((r) => r.status)));
    expect(statuses).toEqual(Array(20).fill(expected));
    await t.http(token).post(`/api/programmes/${programmeId}/contracts`).send({ ...contractBody, reference }).expect(expected === 200 ? 201 : expected);
  }

  beforeEach(async () => {
    t = await startTestApp();
    programmeId = await registerProgramme(t);
  });
  afterEach(async () => t.close());

  it('stops a token at once when its account is disabled straight after a burst of use, and takes it back when enabled', async () => {
    const ann = await adviser('ann@tracker.example');
    await burst(ann.token, 200, 'C-1');
    await t.http().post(`/api/users/${ann.id}/disable`).expect(200);
    await burst(ann.token, 401, 'C-2');
    await t.http().post(`/api/users/${ann.id}/enable`).expect(200);
    await burst(ann.token, 200, 'C-3');
  });

  it('stops a token at once when it is revoked straight after a burst of use, and leaves other tokens working', async () => {
    const ann = await adviser('ann@tracker.example');
    const bob = await adviser('bob@tracker.example');
    await burst(ann.token, 200, 'C-1');
    await burst(bob.token, 200, 'C-2');
    await t.http().delete(`/api/users/${ann.id}/tokens/${ann.tokenId}`).expect(200);
    await burst(ann.token, 401, 'C-3');
    await burst(bob.token, 200, 'C-4');
  });

  it('stops a token at the instant it expires, though nothing else changed since it was last checked', async () => {
    const ann = await adviser('ann@tracker.example');
    const { token } = (await t.http().post(`/api/users/${ann.id}/tokens`).send({ expiresAt: '2026-11-22T11:00:00Z' }).expect(201)).body;
    await burst(token, 200, 'C-1');
    t.setNow('2026-11-22T10:59:59.999Z');
    await t.http(token).get('/api/me').expect(200);
    t.setNow('2026-11-22T11:00:00.000Z');
    await t.http(token).get('/api/me').expect(401);
  });

  it('answers a removed member’s token as a stranger’s at once', async () => {
    const ann = await adviser('ann@tracker.example');
    await burst(ann.token, 200, 'C-1');
    await t.http().delete(`/api/programmes/${programmeId}/members/${ann.id}`).expect((r) => expect([200, 204]).toContain(r.status));
    await t.http(ann.token).post(`/api/programmes/${programmeId}/contracts`).send({ ...contractBody, reference: 'C-2' }).expect(404);
  });
});
