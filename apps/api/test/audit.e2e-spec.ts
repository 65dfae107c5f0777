import { chainEvents } from '@tracker/audit';
import { StoredEvent } from '@tracker/event-store';
import { contractBody, registerProgramme } from './support/fixtures';
import { ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';

describe('audit trail over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  let itemId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;

  beforeEach(async () => {
    t = await startTestApp({}, '2026-06-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    await registerProgramme(t, { name: 'Another programme' });
    t.setNow('2026-11-20T09:00:00.000Z');
    itemId = (await t.http().post(at('/contracts')).send(contractBody).expect(201)).body.id;
    t.setNow('2026-11-22T10:00:00.000Z');
    await t.http().post(at(`/contracts/${itemId}/progress`)).send({ step: 'consent-received', effectiveAt: '2026-11-21' }).expect(200);
    await t.http().post(at('/findings')).send({ itemId, title: '=HYPERLINK("x")', description: 'Deed, "unsigned"', severity: 'high', owner: 'Legal', dueDate: '2027-01-31' }).expect(201);
  });
  afterEach(async () => t.close());

  it('lists every event of the programme, and only of it, with who, when, what and why', async () => {
    const { body } = await t.http().get(at('/audit')).expect(200);
    expect(body.items.map((e: { type: string }) => e.type)).toEqual(['ProgrammeRegistered', 'ContractRegistered', 'ContractConsentReceived', 'FindingRaised']);
    expect(body.items[2]).toMatchObject({
      what: 'Contract consent received',
      area: 'contracts',
      itemId,
      userId: ADMIN_USER_ID,
      role: 'administrator',
      recordedAt: '2026-11-22T10:00:00.000Z',
      effectiveAt: '2026-11-21T00:00:00.000Z',
      data: { step: 'consent-received', on: '2026-11-21' },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(body.items[3]).toMatchObject({ area: 'contracts', findingId: expect.any(String) });
  });

  it.each([
    ['?type=FindingRaised', ['FindingRaised']],
    [`?area=contracts`, ['ContractRegistered', 'ContractConsentReceived', 'FindingRaised']],
    ['?from=2026-11-21&to=2026-11-22', ['ContractConsentReceived', 'FindingRaised']],
    ['?to=2026-11-20', ['ProgrammeRegistered', 'ContractRegistered']],
    ['?userId=someone-else', []],
    ['?limit=1&offset=1', ['ContractRegistered']],
  ])('filters %s', async (query, types) => {
    const { body } = await t.http().get(at(`/audit${query}`)).expect(200);
    expect(body.items.map((e: { type: string }) => e.type)).toEqual(types);
  });

  it('filters by item', async () => {
    const { body } = await t.http().get(at(`/audit?itemId=${itemId}`)).expect(200);
    expect(body.items.map((e: { type: string }) => e.type)).toEqual(['ContractRegistered', 'ContractConsentReceived']);
  });

  it('exports CSV that Excel opens as UTF-8 and that cannot smuggle a formula', async () => {
    const response = await t.http().get(at('/audit?format=csv')).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="audit-${programmeId}.csv"`);
    // Streamed as the history is read, never built whole first: no length is known in advance.
    expect(response.headers['transfer-encoding']).toBe('chunked');
    expect(response.headers['content-length']).toBeUndefined();
    const bytes = response.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('position,recordedAt,effectiveAt,userId,name,email,role,type,what,description,changes,area,itemId,findingId,streamId,revision,correlationId,causationId,data,hash');
    expect(lines).toHaveLength(6);
    expect(lines[4]).toContain('"{""programmeId""');
    expect(lines[4]).toContain('=HYPERLINK');
    expect(lines[4]).not.toMatch(/,=HYPERLINK/);
  });

  it('exports JSON Lines whose chain an auditor can recompute', async () => {
    const response = await t.http().get(at('/audit?format=jsonl')).expect(200);
    const lines = response.text.trim().split('\n').map((line) => JSON.parse(line) as StoredEvent & { chain: { previousHash: string; hash: string } });
    expect(lines).toHaveLength(4);
    const recomputed = chainEvents(lines.map(({ chain: _chain, ...event }) => event));
    expect(lines.map((l) => l.chain.hash)).toEqual(recomputed.map((entry) => entry.hash));
    expect(lines[1].chain.previousHash).toBe(lines[0].chain.hash);
  });

  it.each([
    ['?format=xml', 'format'],
    ['?from=yesterday', 'from'],
    ['?area=everything', 'area'],
  ])('refuses %s with 400 naming %s', async (query, field) => {
    const { body } = await t.http().get(at(`/audit${query}`)).expect(400);
    expect(body.details[0].field).toBe(field);
  });
});
