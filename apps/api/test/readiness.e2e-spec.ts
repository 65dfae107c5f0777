import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('readiness over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  /** A contract ready on its route (DOMAIN rule 6): terminated, with notice served and the service not needed from day one. */
  const terminated = async (body: object = {}) => {
    const id = (await t.http().post(at('/contracts')).send({ ...contractBody, ...body, mechanism: 'terminate' }).expect(201)).body.id as string;
    await t.http().post(at(`/contracts/${id}/progress`)).send({ step: 'notice-served', endDate: '2027-03-31' }).expect(200);
    await t.http().post(at(`/contracts/${id}/progress`)).send({ step: 'service-cover-confirmed', cover: 'not-needed-from-day-one' }).expect(200);
    return id;
  };

  beforeEach(async () => {
    t = await startTestApp();
    t.setNow('2026-06-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    // Twenty-two days before go-live on 1 April 2027.
    t.setNow('2027-03-10T09:00:00.000Z');
  });
  afterEach(async () => t.close());

  it('judges items by the rules, rates areas and lists blockers, and reflects a write at once', async () => {
    const staff = await t.http().post(at('/staff-groups')).send({ reference: 'TUPE-1', team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'none' }).expect(201);
    await terminated();

    const before = (await t.http().get(at('/readiness')).expect(200)).body;
    expect(before).toMatchObject({ goLiveDate: '2027-04-01', daysToGoLive: 22, overall: 'red', deliveryConfidence: null });
    expect(before.areas.find((a: { area: string }) => a.area === 'contracts')).toEqual({ area: 'contracts', rating: 'green', counts: { ready: 1, 'at-risk': 0, 'not-ready': 0, 'not-applicable': 0 } });
    expect(before.blockers.map((b: { ruleId: string }) => b.ruleId)).toContain('staff.eli');

    const staffList = (await t.http().get(at('/staff-groups')).expect(200)).body;
    expect(staffList).toMatchObject({ total: 1, offset: 0, limit: 100 });
    expect(staffList.items[0]).toMatchObject({ id: staff.body.id, reference: 'TUPE-1', readiness: { status: 'not-ready' } });
    expect(staffList.items[0].readiness.reasons).toContainEqual({ ruleId: 'staff.eli', status: 'overdue', message: 'Employee liability information received: due by 4 March 2027, not done' });

    await t.http().post(at('/decisions')).send({ type: 'delivery-confidence', rating: 'amber-red', rationale: 'ELI late' }).expect(201);
    const after = (await t.http().get(at('/readiness')).expect(200)).body;
    expect(after.deliveryConfidence).toMatchObject({ rating: 'amber-red', rationale: 'ELI late' });
    expect(after.overall).toBe('red');
  });

  it('filters a register by readiness and pages it', async () => {
    for (const reference of ['C-1', 'C-2', 'C-3']) await terminated({ reference });
    await t.http().post(at('/contracts')).send({ ...contractBody, reference: 'C-4', mechanism: 'novate' }).expect(201);
    const ready = (await t.http().get(at('/contracts?readiness=ready&limit=2&offset=1')).expect(200)).body;
    expect(ready).toMatchObject({ total: 3, offset: 1, limit: 2 });
    expect(ready.items.map((i: { reference: string }) => i.reference)).toEqual(['C-2', 'C-3']);
    expect((await t.http().get(at('/contracts?readiness=at-risk')).expect(200)).body.items.map((i: { reference: string }) => i.reference)).toEqual(['C-4']);
  });

  it('lists findings with filters, and an open critical finding makes its item not ready', async () => {
    const item = await terminated();
    const base = { title: 'Supplier insolvent', description: 'Administration', owner: 'Legal', dueDate: '2027-03-20' };
    await t.http().post(at('/findings')).send({ ...base, itemId: item, severity: 'critical' }).expect(201);
    await t.http().post(at('/findings')).send({ ...base, area: 'systems', severity: 'low' }).expect(201);

    const critical = (await t.http().get(at('/findings?severity=critical')).expect(200)).body;
    expect(critical.total).toBe(1);
    expect(critical.items[0]).toMatchObject({ severity: 'critical', status: 'open', target: { kind: 'item', itemId: item, area: 'contracts' } });
    expect((await t.http().get(at('/findings?area=systems')).expect(200)).body.total).toBe(1);
    const contracts = (await t.http().get(at('/contracts')).expect(200)).body;
    expect(contracts.items[0].readiness.status).toBe('not-ready');
  });

  it.each([
    ['/contracts?limit=5000', 'limit', 'must be at most 1000'],
    ['/contracts?readiness=maybe', 'readiness', expect.stringContaining('must be one of')],
    ['/findings?severity=urgent', 'severity', expect.stringContaining('must be one of: critical')],
    ['/findings?offset=-1', 'offset', 'must not be negative'],
  ])('refuses %s with 400 naming %s', async (path, field, problem) => {
    const response = await t.http().get(at(path)).expect(400);
    expect(response.body.details).toEqual([{ field, problem }]);
  });

  it('answers 404 for an unknown register or programme', async () => {
    await t.http().get(at('/vehicles')).expect(404);
    await t.http().get('/api/programmes/5b0c4a3e-1111-4222-8333-444455556666/readiness').expect(404);
  });
});
