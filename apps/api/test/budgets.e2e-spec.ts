import request from 'supertest';
import { MONEY_CATEGORIES, budgetStreamId } from '@tracker/domain';
import { uuidFromHash } from '../src/shared/ids';
import { contractBody, registerProgramme, closeProgramme } from './support/fixtures';
import { ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';

const NOW = '2026-11-22T10:00:00.000Z';
/** Registered three weeks before the tests' today, so there is a past to date things in and to go live on. */
const REGISTERED = '2026-11-02T09:00:00.000Z';
const UNKNOWN = '5b0c4a3e-1111-4222-8333-444455556666';
const slaBody = { reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths: 36 };

type Route = 'buy-back' | 'envelopes' | 'cost-model-lines';

describe('budgets over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  let slaId: string;
  const http = () => t.http();
  const budgets = (route: Route, id = programmeId) => `/api/programmes/${id}/budgets/${route}`;

  // One app for the file, a programme of its own for each test. Recorded time never runs back, so
  // each programme is registered now as one already under way since REGISTERED's day.
  beforeAll(async () => (t = await startTestApp()));
  beforeEach(async () => {
    t.setNow(NOW);
    programmeId = await registerProgramme(t, { startedOn: REGISTERED.slice(0, 10) });
    slaId = (await http().post(`/api/programmes/${programmeId}/slas`).send(slaBody).expect(201)).body.id;
    await t.mark();
  });
  afterAll(async () => t.close());

  /** A valid body for each route, built once the SLA exists. */
  const bodyFor = (route: Route): Record<string, unknown> =>
    ({
      'buy-back': { slaId, financialYear: '2027-28', amount: 85000 },
      envelopes: { financialYear: '2027-28', amount: 4200000 },
      'cost-model-lines': { reference: 'CM-PAY-01', financialYear: '2027-28', category: 'support-services', description: 'Payroll bought back', amount: 85000 },
    })[route];
  const ROUTES: Route[] = ['buy-back', 'envelopes', 'cost-model-lines'];

  /** Sends a request that must be refused, and checks that nothing at all was appended. */
  const refused = async (send: () => request.Test, status: number) => {
    const before = (await t.events()).length;
    const response = await send().expect(status);
    expect(await t.events()).toHaveLength(before);
    return response;
  };
  const lastEvent = async () => (await t.events()).at(-1)!;

  describe('POST …/budgets/envelopes', () => {
    it('sets the envelope for a year: 200 with the programme id, version and ETag, recording BudgetEnvelopeSet', async () => {
      const response = await http().post(budgets('envelopes')).send(bodyFor('envelopes')).expect(200);

      expect(response.body).toEqual({ id: programmeId, version: 1 });
      expect(response.headers.etag).toBe('"1"');
      expect(await lastEvent()).toMatchObject({
        streamId: budgetStreamId(programmeId),
        streamRevision: 0,
        type: 'BudgetEnvelopeSet',
        schemaVersion: 1,
        data: { programmeId, financialYear: '2027-28', amount: 4200000 },
        metadata: { userId: ADMIN_USER_ID, recordedAt: NOW },
      });
      expect((await lastEvent()).data).not.toHaveProperty('previousAmount');
    });

    it('records a changed envelope with the amount it replaces; other years are separate', async () => {
      await http().post(budgets('envelopes')).send(bodyFor('envelopes')).expect(200);
      const changed = await http().post(budgets('envelopes')).send({ financialYear: '2027-28', amount: 4350000.5 }).expect(200);
      expect(changed.body).toEqual({ id: programmeId, version: 2 });
      expect((await lastEvent()).data).toEqual({ programmeId, financialYear: '2027-28', amount: 4350000.5, previousAmount: 4200000 });

      await http().post(budgets('envelopes')).send({ financialYear: '2028-29', amount: 4400000 }).expect(200);
      expect((await lastEvent()).data).toEqual({ programmeId, financialYear: '2028-29', amount: 4400000 });
    });
  });

  describe('POST …/budgets/buy-back', () => {
    it('sets the buy-back budget of an SLA for a year: 200 with the SLA id, recording BuyBackBudgetSet', async () => {
      const response = await http().post(budgets('buy-back')).send(bodyFor('buy-back')).expect(200);

      expect(response.body).toEqual({ id: slaId, version: 1 });
      expect(response.headers.etag).toBe('"1"');
      expect(await lastEvent()).toMatchObject({
        streamId: budgetStreamId(programmeId),
        type: 'BuyBackBudgetSet',
        schemaVersion: 1,
        data: { programmeId, slaItemId: slaId, financialYear: '2027-28', amount: 85000 },
      });
    });

    it('records a changed buy-back budget with the amount it replaces', async () => {
      await http().post(budgets('buy-back')).send(bodyFor('buy-back')).expect(200);
      const changed = await http().post(budgets('buy-back')).send({ ...bodyFor('buy-back'), amount: 87550.25 }).expect(200);
      expect(changed.body).toEqual({ id: slaId, version: 2 });
      expect((await lastEvent()).data).toEqual({ programmeId, slaItemId: slaId, financialYear: '2027-28', amount: 87550.25, previousAmount: 85000 });
    });
  });

  describe('POST …/budgets/cost-model-lines', () => {
    it('records a line under an id that follows from its reference, recording CostModelLineRecorded', async () => {
      const response = await http().post(budgets('cost-model-lines')).send(bodyFor('cost-model-lines')).expect(200);

      const lineId = uuidFromHash(`cost-model-line\n${programmeId}\nCM-PAY-01`);
      expect(response.body).toEqual({ id: lineId, version: 1 });
      expect(response.headers.etag).toBe('"1"');
      expect(await lastEvent()).toMatchObject({
        streamId: budgetStreamId(programmeId),
        type: 'CostModelLineRecorded',
        schemaVersion: 2,
        // Kept in whole pence.
        data: { programmeId, lineId, financialYear: '2027-28', category: 'support-services', description: 'Payroll bought back', amountPence: 8500000 },
      });
    });

    it('updates the line when its reference is sent again, and adds another for a new reference', async () => {
      const first = await http().post(budgets('cost-model-lines')).send(bodyFor('cost-model-lines')).expect(200);
      const updated = await http()
        .post(budgets('cost-model-lines'))
        .send({ ...bodyFor('cost-model-lines'), reference: ' CM-PAY-01 ', category: 'staff', amount: 90000.5 })
        .expect(200);
      expect(updated.body).toEqual({ id: first.body.id, version: 2 });
      expect((await lastEvent()).data).toMatchObject({ lineId: first.body.id, category: 'staff', amountPence: 9000050 });

      const other = await http().post(budgets('cost-model-lines')).send({ ...bodyFor('cost-model-lines'), reference: 'CM-ICT-01' }).expect(200);
      expect(other.body).toEqual({ id: uuidFromHash(`cost-model-line\n${programmeId}\nCM-ICT-01`), version: 3 });
    });

    it('gives the same reference in another programme a different line', async () => {
      const other = await registerProgramme(t);
      const here = await http().post(budgets('cost-model-lines')).send(bodyFor('cost-model-lines')).expect(200);
      const there = await http().post(budgets('cost-model-lines', other)).send(bodyFor('cost-model-lines')).expect(200);
      expect(there.body.id).not.toBe(here.body.id);
    });
  });

  describe.each(ROUTES)('POST …/budgets/%s, as every budget route', (route) => {
    it('records nothing when the same budget is sent again, answering 200 with the same version', async () => {
      const first = await http().post(budgets(route)).send(bodyFor(route)).expect(200);
      const before = (await t.events()).length;

      const again = await http().post(budgets(route)).send(bodyFor(route)).expect(200);

      expect(again.body).toEqual(first.body);
      expect(again.headers.etag).toBe('"1"');
      expect(await t.events()).toHaveLength(before);
    });

    it('keeps effectiveAt in the event metadata', async () => {
      await http().post(budgets(route)).send({ ...bodyFor(route), effectiveAt: '2026-11-20' }).expect(200);
      expect((await lastEvent()).metadata).toMatchObject({ recordedAt: NOW, effectiveAt: '2026-11-20T00:00:00.000Z' });
    });

    it('answers a retried request (same Idempotency-Key) with the first answer and records it once', async () => {
      const first = await http().post(budgets(route)).set('idempotency-key', `budget-${route}`).send(bodyFor(route)).expect(200);
      await http().post(budgets('envelopes')).send({ financialYear: '2030-31', amount: 1 }).expect(200);
      const before = (await t.events()).length;
      const retry = await http().post(budgets(route)).set('idempotency-key', `budget-${route}`).send(bodyFor(route)).expect(200);

      expect(retry.body).toEqual(first.body);
      expect(await t.events()).toHaveLength(before);
    });

    it.each<[string, Record<string, unknown>, { field: string; problem: unknown }]>([
      ['no financialYear', { financialYear: undefined }, { field: 'financialYear', problem: 'is required' }],
      ['a financialYear of one calendar year', { financialYear: '2027' }, { field: 'financialYear', problem: 'must be a financial year written like 2027-28' }],
      ['a financialYear spanning two years', { financialYear: '2027-29' }, { field: 'financialYear', problem: 'must be a financial year written like 2027-28' }],
      ['a financialYear written with a slash', { financialYear: '2027/28' }, { field: 'financialYear', problem: 'must be a financial year written like 2027-28' }],
      ['a financialYear that is a number', { financialYear: 2027 }, { field: 'financialYear', problem: 'must be a financial year written like 2027-28' }],
      ['no amount', { amount: undefined }, { field: 'amount', problem: 'is required' }],
      ['an amount in words', { amount: '£85,000' }, { field: 'amount', problem: 'must be an amount in pounds, e.g. 125000 or 99.50' }],
      ['an amount in fractions of a penny', { amount: 85000.125 }, { field: 'amount', problem: 'must be an amount in pounds, e.g. 125000 or 99.50' }],
      ['a negative amount', { amount: -1 }, { field: 'amount', problem: 'must not be negative' }],
      ['an effectiveAt that is no date', { effectiveAt: 'last week' }, { field: 'effectiveAt', problem: expect.stringContaining('must be a date (YYYY-MM-DD)') }],
      ['an effectiveAt in the future', { effectiveAt: '2026-11-23' }, { field: 'effectiveAt', problem: 'must not be in the future' }],
      ['an effectiveAt before the programme existed', { effectiveAt: '2026-11-01' }, { field: 'effectiveAt', problem: expect.stringContaining('must not be before the programme began') }],
      ['a field the API does not know', { approvedBy: 'someone' }, { field: 'approvedBy', problem: 'property approvedBy should not exist' }],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, change, problem) => {
      const response = await refused(() => http().post(budgets(route)).send({ ...bodyFor(route), ...change }), 400);
      expect(response.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details: [problem] });
    });

    it('answers 404 for an unknown programme, writing nothing', async () => {
      const response = await refused(() => http().post(budgets(route, UNKNOWN)).send(bodyFor(route)), 404);
      expect(response.body).toEqual({ code: 'NOT_FOUND', message: `No programme with id ${UNKNOWN}`, details: [] });
    });

    it('is still set after go-live (later years are budgeted in the tail), and answers 409 once the programme is closed, writing nothing', async () => {
      await http().post(budgets(route)).send(bodyFor(route)).expect(200);
      // Going live needs the board's go first.
      await http().post(`/api/programmes/${programmeId}/decisions`).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready', effectiveAt: '2026-11-19' }).expect(201);
      await http().post(`/api/programmes/${programmeId}/go-live`).send({ date: '2026-11-20' }).expect(200);
      await http().post(budgets(route)).send({ ...bodyFor(route), amount: 2 }).expect(200);

      await closeProgramme(t, programmeId, 'Handed over');
      const before = await t.events();
      const response = await refused(() => http().post(budgets(route)).send({ ...bodyFor(route), amount: 1 }), 409);
      expect(response.body).toEqual({ code: 'ILLEGAL_STATE', message: 'The programme is closed; only notes can be added; nothing was recorded.', details: [] });
      expect(await t.events()).toHaveLength(before.length);
    });
  });

  it.each<[string, Record<string, unknown>, { field: string; problem: unknown }]>([
    ['buy-back without slaId', { slaId: undefined }, { field: 'slaId', problem: 'is required' }],
    ['buy-back with a slaId that is a reference', { slaId: 'SLA-PAY' }, { field: 'slaId', problem: 'must be the id of a service level agreement' }],
  ])('refuses %s with 400 naming the field, writing nothing', async (_, change, problem) => {
    const response = await refused(() => http().post(budgets('buy-back')).send({ ...bodyFor('buy-back'), ...change }), 400);
    expect(response.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details: [problem] });
  });

  it.each<[string, Record<string, unknown>, { field: string; problem: unknown }]>([
    ['no reference', { reference: undefined }, { field: 'reference', problem: 'is required' }],
    ['a blank reference', { reference: '  ' }, { field: 'reference', problem: 'must not be empty' }],
    ['a reference too long', { reference: 'R'.repeat(101) }, { field: 'reference', problem: 'must be at most 100 characters' }],
    ['no category', { category: undefined }, { field: 'category', problem: 'is required' }],
    ['an unknown category', { category: 'catering' }, { field: 'category', problem: `must be one of: ${MONEY_CATEGORIES.join(', ')}` }],
    ['no description', { description: undefined }, { field: 'description', problem: 'is required' }],
    ['a description that is not text', { description: ['payroll'] }, { field: 'description', problem: 'must be text' }],
    ['a description too long', { description: 'd'.repeat(501) }, { field: 'description', problem: 'must be at most 500 characters' }],
    ['a negative staff cost', { category: 'staff', amount: -1200 }, { field: 'amount', problem: 'must not be negative' }],
    // Northshire goes live on 1 April 2027: the cost model runs 2027-28 to 2031-32.
    ['a year before the trust’s first', { financialYear: '2026-27' }, { field: 'financialYear', problem: 'must be a year of the cost model: 2027-28 to 2031-32' }],
    ['a year after the programme’s last', { financialYear: '2032-33' }, { field: 'financialYear', problem: 'must be a year of the cost model: 2027-28 to 2031-32' }],
  ])('refuses a cost-model line with %s with 400 naming the field, writing nothing', async (_, change, problem) => {
    const response = await refused(() => http().post(budgets('cost-model-lines')).send({ ...bodyFor('cost-model-lines'), ...change }), 400);
    expect(response.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details: [problem] });
  });

  it.each<[string, () => Promise<string>]>([
    ['an unknown SLA', async () => UNKNOWN],
    ['a register item that is not an SLA', async () => (await http().post(`/api/programmes/${programmeId}/contracts`).send(contractBody).expect(201)).body.id],
    [
      'an SLA of another programme',
      async () => {
        const other = await registerProgramme(t);
        return (await http().post(`/api/programmes/${other}/slas`).send(slaBody).expect(201)).body.id;
      },
    ],
  ])('answers 404 for a buy-back budget of %s, writing nothing', async (_, idOf) => {
    const id = await idOf();
    const response = await refused(() => http().post(budgets('buy-back')).send({ ...bodyFor('buy-back'), slaId: id }), 404);
    expect(response.body).toEqual({ code: 'NOT_FOUND', message: `No service level agreement with id ${id}`, details: [] });
  });
});
