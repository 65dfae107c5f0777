import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/*
 * Contracts (DOMAIN rule 6) through the HTTP API on a Sandwell-like timeline: the programme
 * registered in October 2016, go-live on 1 April 2018.
 */
const GO_LIVE = '2018-04-01';
const base = { supplier: 'Liquidlogic Ltd', title: 'Case management system', annualValue: 180000, expiryDate: '2020-03-31' };

interface Reason {
  ruleId: string;
  status: string;
  message: string;
}

describe('contract routes over HTTP — DOMAIN rule 6', () => {
  let t: TestApp;
  let programmeId: string;
  /** The first administrator's own token lasts a year; this story is longer, so it takes one that lasts. */
  let token: string;
  const http = () => t.http(token);
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  const register = async (reference: string, body: object) => (await http().post(at('/contracts')).send({ ...base, reference, ...body }).expect(201)).body.id as string;
  const record = (itemId: string, body: object) => http().post(at(`/contracts/${itemId}/progress`)).send(body);
  const readinessOf = async (itemId: string) =>
    ((await http().get(at('/contracts?limit=100')).expect(200)).body.items as { id: string; readiness: { status: string; reasons: Reason[] } }[]).find((i) => i.id === itemId)!.readiness;
  const eventCount = async () => (await t.events()).length;
  /** A refusal: the status, the body, and nothing written. */
  const refused = async (call: () => PromiseLike<{ status: number; body: { message?: string; details?: { field: string; problem: string }[] } }>, status: number) => {
    const before = await eventCount();
    const response = await call();
    expect(response.status).toBe(status);
    expect(await eventCount()).toBe(before);
    return response.body;
  };

  beforeEach(async () => {
    t = await startTestApp({ API_TOKEN_MAX_DAYS: '1200' }, '2016-10-03T09:00:00.000Z'); // one token for the whole story
    const me = (await t.http().get('/api/me').expect(200)).body.id as string;
    token = (await t.http().post(`/api/users/${me}/tokens`).send({ expiresAt: '2019-12-31T00:00:00.000Z' }).expect(201)).body.token as string;
    programmeId = await registerProgramme(t, { name: 'Sandwell-like children’s trust', goLiveDate: GO_LIVE });
    t.setNow('2016-11-07T10:00:00.000Z');
  });
  afterEach(async () => t.close());

  it('contracts.route: a route registered in November 2016 reads as chosen then, not "done after go-live", when read after go-live', async () => {
    const kept = await register('SMBC-C-101', { mechanism: 'council-retains' });
    t.setNow('2018-02-20T10:00:00.000Z');
    await record(kept, { step: 'recharge-agreement-signed', slaReference: 'SLA-ICT' }).expect(200);
    t.setNow('2018-06-01T10:00:00.000Z');
    const readiness = await readinessOf(kept);
    expect(readiness.status).toBe('ready');
    expect(readiness.reasons).toEqual([
      { ruleId: 'contracts.route', status: 'met', message: 'Route chosen: done on 7 November 2016' },
      { ruleId: 'contracts.recharge', status: 'met', message: 'Recharge covered by the SLA SLA-ICT: done on 20 February 2018' },
    ]);
  });

  it('contracts.novation: consent, then each party’s signature; the legacy deed step is refused on a novation', async () => {
    const novated = await register('SMBC-C-102', { mechanism: 'novate' });
    t.setNow('2017-11-01T10:00:00.000Z');
    const early = await refused(() => record(novated, { step: 'deed-signed-by-council' }), 409);
    expect(early.message).toBe('The supplier’s consent to the novation must be received before anyone signs the deed; nothing was recorded.');
    await record(novated, { step: 'consent-received', effectiveAt: '2017-10-20' }).expect(200);
    const whole = await refused(() => record(novated, { step: 'deed-executed' }), 409);
    expect(whole.message).toMatch(/record each signature \(deed signed by council, deed signed by trust, deed signed by supplier\)/);
    t.setNow('2018-03-10T10:00:00.000Z');
    await record(novated, { step: 'deed-signed-by-council', effectiveAt: '2018-03-01' }).expect(200);
    await record(novated, { step: 'deed-signed-by-trust', effectiveAt: '2018-03-02' }).expect(200);
    t.setNow('2018-04-02T10:00:00.000Z');
    const two = await readinessOf(novated);
    expect(two.status).toBe('not-ready');
    expect(two.reasons.find((r) => r.message.startsWith('Deed of novation'))!.message).toContain('awaiting the supplier');
    t.setNow('2018-04-20T10:00:00.000Z');
    await record(novated, { step: 'deed-signed-by-supplier', effectiveAt: '2018-03-28' }).expect(200);
    const all = await readinessOf(novated);
    expect(all.status).toBe('ready');
    expect(all.reasons.at(-1)).toEqual({ ruleId: 'contracts.novation', status: 'met', message: 'Deed of novation signed by the council, the trust and the supplier: done on 28 March 2018' });
    // A signature is not a route: it is refused on any other.
    const assigned = await register('SMBC-C-103', { mechanism: 'assign' });
    expect((await refused(() => record(assigned, { step: 'deed-signed-by-trust' }), 409)).message).toContain('only for a contract to novate');
  });

  it('contracts.assignment: consent only where the contract restricts assignment; the deed and the indemnity; the council keeps its obligations', async () => {
    const free = await register('SMBC-C-104', { mechanism: 'assign', restrictsAssignment: false });
    const restricted = await register('SMBC-C-105', { mechanism: 'assign', restrictsAssignment: true });
    t.setNow('2018-01-10T10:00:00.000Z');
    expect((await refused(() => record(restricted, { step: 'deed-executed' }), 409)).message).toContain('consent must be received before the deed of assignment');
    await record(free, { step: 'deed-executed' }).expect(200);
    const withoutIndemnity = await readinessOf(free);
    expect(withoutIndemnity.status).toBe('at-risk');
    expect(withoutIndemnity.reasons.map((r) => r.message)).toContain(
      'Trust’s indemnity (back-to-back undertaking) to the council given: under an assignment only the benefit passes, and the council keeps its obligations to the supplier: due by 1 April 2018',
    );
    await record(free, { step: 'indemnity-given' }).expect(200);
    expect((await readinessOf(free)).status).toBe('ready');
    expect((await readinessOf(restricted)).reasons.map((r) => r.ruleId)).toEqual(['contracts.route', 'contracts.assignment', 'contracts.assignment', 'contracts.assignment']);
    // The blocker carries the same words into the board pack.
    const blockers = (await http().get(at('/readiness')).expect(200)).body.blockers as { reference: string; message: string }[];
    expect(blockers.filter((b) => b.reference === 'SMBC-C-105').map((b) => b.message).join(' ')).toContain('the council keeps its obligations to the supplier');
  });

  it('contracts.replacement, contracts.termination: re-procure and terminate are not ready on the route alone', async () => {
    const replaced = await register('SMBC-C-106', { mechanism: 'new-contract' });
    const ended = await register('SMBC-C-107', { mechanism: 'terminate' });
    t.setNow('2018-02-28T10:00:00.000Z');
    expect((await readinessOf(replaced)).reasons.map((r) => r.status)).toEqual(['met', 'due']);
    await record(replaced, { step: 'replacement-contract-signed', startDate: '2018-05-01' }).expect(200);
    expect((await readinessOf(replaced)).reasons[1]).toEqual({
      ruleId: 'contracts.replacement',
      status: 'due',
      message: 'Replacement contract signed on 28 February 2018 but starts on 1 May 2018, after go-live: no contract from 1 April 2018 to 30 April 2018',
    });
    expect((await refused(() => record(ended, { step: 'replacement-contract-signed', startDate: '2018-04-01' }), 409)).message).toContain('only for a contract to re-procure');
    const noNote = await refused(() => record(ended, { step: 'service-cover-confirmed', cover: 'covered-another-way' }), 400);
    expect(noNote.details).toEqual([{ field: 'note', problem: 'is required when the service is covered another way: say how' }]);
    const badCover = await refused(() => record(ended, { step: 'service-cover-confirmed', cover: 'hope' }), 400);
    expect(badCover.details).toEqual([{ field: 'cover', problem: 'must be one of: not-needed-from-day-one, covered-another-way' }]);
    const noEnd = await refused(() => record(ended, { step: 'notice-served' }), 400);
    expect(noEnd.details).toEqual([{ field: 'endDate', problem: 'is required' }]);
    await record(ended, { step: 'notice-served', endDate: '2018-03-31' }).expect(200);
    t.setNow('2018-04-02T10:00:00.000Z');
    expect((await readinessOf(ended)).status).toBe('not-ready');
    await record(ended, { step: 'service-cover-confirmed', cover: 'covered-another-way', note: 'Spot purchase through the regional framework', effectiveAt: '2018-03-15' }).expect(200);
    expect((await readinessOf(ended)).status).toBe('ready');
  });

  it('contracts.expiry: a contract expiring before go-live needs a decision; an extension must run past go-live', async () => {
    const expiring = await register('SMBC-C-108', { mechanism: 'novate', expiryDate: '2018-01-31' });
    t.setNow('2018-01-31T10:00:00.000Z');
    const expired = await readinessOf(expiring);
    expect(expired.status).toBe('not-ready');
    expect(expired.reasons.at(-1)).toMatchObject({ ruleId: 'contracts.expiry', status: 'overdue' });
    const short = await refused(() => record(expiring, { step: 'expiry-decided', decision: 'extend', newExpiryDate: '2018-03-31' }), 400);
    expect(short.details).toEqual([{ field: 'newExpiryDate', problem: expect.stringContaining('must be after go-live (1 April 2018)') }]);
    const missing = await refused(() => record(expiring, { step: 'expiry-decided', decision: 'extend' }), 400);
    expect(missing.details).toEqual([{ field: 'newExpiryDate', problem: 'is required when the contract is extended' }]);
    await record(expiring, { step: 'expiry-decided', decision: 'extend', newExpiryDate: '2019-03-31', effectiveAt: '2018-01-20' }).expect(200);
    expect((await readinessOf(expiring)).reasons.at(-1)).toEqual({
      ruleId: 'contracts.expiry',
      status: 'met',
      message: 'Decision on the contract expiring on 31 January 2018, before go-live: extend to 31 March 2019: done on 20 January 2018',
    });
    const soon = await register('SMBC-C-109', { mechanism: 'council-retains', expiryDate: '2018-08-31' });
    await record(soon, { step: 'recharge-agreement-signed' }).expect(200);
    const watched = await readinessOf(soon);
    expect(watched.status).toBe('at-risk');
    expect(watched.reasons.at(-1)!.message).toContain('expiring on 31 August 2018, within 6 months after go-live');
  });

  it('has a page for each new step, with the fields it records, and the item page prints the reasons', async () => {
    const assigned = await register('SMBC-C-110', { mechanism: 'assign', restrictsAssignment: false });
    const page = (path: string) => http().get(`/programmes/${programmeId}/registers/contracts/${assigned}${path}`).expect(200);
    const labels: [string, string[]][] = [
      ['replacement-contract-signed', ['When the replacement contract starts']],
      ['notice-served', ['When the contract ends']],
      ['service-cover-confirmed', ['The service once the contract ends', 'Not needed from day one', 'Covered another way', 'How it is covered']],
      ['recharge-agreement-signed', ['The SLA that covers the recharge']],
      ['expiry-decided', ['Decision on expiry', 'New expiry date']],
      ['interim-arrangement-agreed', ['End of the interim arrangement']],
    ];
    for (const [step, texts] of labels) {
      const html = (await page(`/progress/${step}`)).text;
      for (const text of texts) expect([step, html.includes(text)]).toEqual([step, true]);
    }
    const item = (await page('')).text.replace(/&#39;|&rsquo;/g, '’');
    expect(item).toContain('the council keeps its obligations to the supplier');
  });

  it('reads a council’s Route column and its words on import', async () => {
    const csv = [
      'Contract Ref,Supplier,Description,Annual Value,End Date,Proposed Route,Assignment restricted',
      'SMBC-C-201,Liquidlogic Ltd,Case management system,"£180,000",31/03/2020,Novation,',
      'SMBC-C-202,Capita,Payroll bureau,"84,000",31/03/2020,Council retains & recharges,',
      'SMBC-C-203,Kier,Building cleaning,"52,000",31/03/2020,Re-procure,',
      'SMBC-C-204,Barnardo’s,Advocacy service,"48,000",31/03/2018,Terminate at expiry,',
      'SMBC-C-205,Northgate,Fostering placements,"1,250,000",31/03/2020,Assignment,No',
    ].join('\n');
    const response = await http().post(at('/imports?register=contracts')).attach('file', Buffer.from(csv), 'contracts.csv').expect(201);
    expect(response.body).toEqual({ recorded: 5, unchanged: 0, ignoredColumns: [] });
    const items = (await http().get(at('/contracts?limit=10')).expect(200)).body.items as { reference: string; details: { mechanism?: string; restrictsAssignment?: boolean } }[];
    expect(Object.fromEntries(items.map((i) => [i.reference, [i.details.mechanism, i.details.restrictsAssignment]]))).toEqual({
      'SMBC-C-201': ['novate', undefined],
      'SMBC-C-202': ['council-retains', undefined],
      'SMBC-C-203': ['new-contract', undefined],
      'SMBC-C-204': ['terminate', undefined],
      'SMBC-C-205': ['assign', false],
    });
    const refusedRow = await refused(
      () => http().post(at('/imports?register=contracts')).attach('file', Buffer.from('Ref,Supplier,Description,Annual Value,End Date,Route\nSMBC-C-301,Kier,Grounds,"1,000",31/03/2020,Sell it\n'), 'bad.csv'),
      422,
    );
    expect(JSON.stringify(refusedRow)).toContain('must be one of');
  });
});
