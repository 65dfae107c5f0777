import request from 'supertest';
import { contractBody, registerProgramme, closeProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** A valid entry for each register, as the API takes it. */
const entries = {
  contracts: { body: contractBody, type: 'ContractRegistered' },
  systems: { body: { reference: 'SYS-01', name: 'Mosaic', category: 'case-management', supplier: 'Servelec', migrationNeeded: true }, type: 'SystemRegistered' },
  processes: { body: { reference: 'PROC-07', name: 'Payments to foster carers' }, type: 'ProcessRegistered' },
  assets: { body: { reference: 'EST-3', name: 'Lodge House', assetType: 'building', location: 'Northtown', value: 1200000 }, type: 'AssetRegistered' },
  slas: { body: { reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths: 36 }, type: 'SlaRegistered' },
  'staff-groups': { body: { reference: 'TUPE-FOST', team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps' }, type: 'StaffGroupRegistered' },
  'governance-items': { body: { reference: 'GOV-SC', governanceKind: 'services-contract', title: 'Services contract' }, type: 'GovernanceItemRegistered' },
} as const;
type Register = keyof typeof entries;

describe('registers over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  const http = () => t.http();
  const post = (path: string, body: object) => http().post(`/api/programmes/${programmeId}${path}`).send(body);
  const patch = (path: string, body: object) => http().patch(`/api/programmes/${programmeId}${path}`).send(body);
  /** Runs a request that must be refused, and checks it appended nothing. */
  const refused = async (send: () => request.Test, status: number) => {
    const before = (await t.events()).length;
    const response = await send().expect(status);
    expect((await t.events()).length).toBe(before);
    return response;
  };

  // One app for the file, a programme of its own for each test: under way since January, so that
  // facts can be back-dated to before today (recorded time never runs back, so it is registered now).
  beforeAll(async () => (t = await startTestApp()));
  beforeEach(async () => {
    t.setNow('2026-11-22T10:00:00.000Z');
    programmeId = await registerProgramme(t, { startedOn: '2026-01-05' });
    await t.mark();
  });
  afterAll(async () => t.close());

  describe.each(Object.keys(entries) as Register[])('POST /api/programmes/{id}/%s', (register) => {
    const { body, type } = entries[register];

    it('registers the item: 201 with id, version, ETag and Location; the item reads back', async () => {
      const response = await post(`/${register}`, body).expect(201);
      const { id } = response.body;
      expect(response.body).toEqual({ id, version: 1 });
      expect(response.headers.location).toBe(`/api/programmes/${programmeId}/${register}/${id}`);
      expect((await t.events()).at(-1)).toMatchObject({ type, data: { programmeId, itemId: id, reference: body.reference } });

      const item = await http().get(`/api/programmes/${programmeId}/${register}/${id}`).expect(200);
      const { reference, ...details } = body as { reference: string };
      expect(item.body).toMatchObject({ id, programmeId, reference, details, steps: {}, version: 1 });
    });

    it('refuses a second item with the same reference (ignoring case and spacing) with 409', async () => {
      await post(`/${register}`, body).expect(201);
      const response = await refused(() => post(`/${register}`, { ...body, reference: ` ${body.reference.toLowerCase()} ` }), 409);
      expect(response.body).toMatchObject({ code: 'DUPLICATE_REFERENCE', message: expect.stringContaining(body.reference) });
    });

    it('refuses a missing reference and an unknown field with 400 naming them', async () => {
      const response = await refused(() => post(`/${register}`, { ...body, reference: undefined, colour: 'blue' }), 400);
      expect(response.body.details).toEqual(
        expect.arrayContaining([
          { field: 'reference', problem: 'is required' },
          { field: 'colour', problem: 'property colour should not exist' },
        ]),
      );
    });

    it('answers 404 for an unknown programme, writing nothing', async () => {
      const before = (await t.events()).length;
      await http().post(`/api/programmes/5b0c4a3e-1111-4222-8333-444455556666/${register}`).send(body).expect(404);
      expect((await t.events()).length).toBe(before);
    });
  });

  it.each([
    ['contracts', { annualValue: -5 }, 'annualValue', 'must not be negative'],
    ['contracts', { annualValue: '£120,000' }, 'annualValue', 'must be an amount in pounds, e.g. 125000 or 99.50'],
    ['contracts', { expiryDate: '31/03/2028' }, 'expiryDate', 'must be a real date written YYYY-MM-DD'],
    ['contracts', { mechanism: 'sell' }, 'mechanism', expect.stringContaining('must be one of: novate, assign')],
    ['systems', { migrationNeeded: 'yes' }, 'migrationNeeded', 'must be true or false'],
    ['systems', { category: undefined }, 'category', 'is required'],
    ['assets', { assetType: 'boat' }, 'assetType', expect.stringContaining('must be one of')],
    ['slas', { kpis: [] }, 'kpis', 'must list at least 1 KPI'],
    ['slas', { termMonths: 0 }, 'termMonths', 'must be at least 1'],
    ['staff-groups', { headcount: 4.5 }, 'headcount', 'must be a whole number'],
    ['staff-groups', { fte: -1 }, 'fte', 'must be at least 0'],
    ['staff-groups', { pensionScheme: 'private' }, 'pensionScheme', expect.stringContaining('must be one of: lgps')],
    ['governance-items', { governanceKind: 'party' }, 'governanceKind', expect.stringContaining('must be one of')],
    ['processes', { effectiveAt: 'last Tuesday' }, 'effectiveAt', expect.stringContaining('must be a date (YYYY-MM-DD)')],
  ] as [Register, object, string, unknown][])('refuses on %s %j with 400 naming %s', async (register, change, field, problem) => {
    const response = await refused(() => post(`/${register}`, { ...entries[register].body, ...change }), 400);
    expect(response.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details: [{ field, problem }] });
  });

  it('refuses an effective time in the future or before the programme was registered', async () => {
    const future = await refused(() => post('/contracts', { ...contractBody, effectiveAt: '2026-12-01' }), 400);
    expect(future.body.details).toEqual([{ field: 'effectiveAt', problem: 'must not be in the future' }]);
    const before = await refused(() => post('/contracts', { ...contractBody, effectiveAt: '2026-01-01T09:00:00Z' }), 400);
    expect(before.body.details[0]).toMatchObject({ field: 'effectiveAt', problem: expect.stringContaining('before the programme began') });
  });

  it('keeps the registers open after go-live (a contract found late is registered), and closes them with the programme: 409, nothing written', async () => {
    await post('/decisions', { type: 'go-no-go', decision: 'go', reasons: 'Ready' }).expect(201);
    await post('/go-live', { date: '2026-11-22' }).expect(200);
    const late = await post('/contracts', contractBody).expect(201);
    await patch(`/contracts/${late.body.id}`, { annualValue: 125000 }).expect(200);
    await closeProgramme(t, programmeId, 'Handed over');
    const response = await refused(() => post('/contracts', { ...contractBody, reference: 'NCC-C-LATER' }), 409);
    expect(response.body.message).toContain('The programme is closed');
  });

  describe('PATCH /api/programmes/{id}/{register}/{itemId}', () => {
    let itemId: string;
    beforeEach(async () => (itemId = (await post('/contracts', contractBody).expect(201)).body.id));

    it('records only what changed, and answers the new version', async () => {
      const response = await patch(`/contracts/${itemId}`, { annualValue: 125000, supplier: contractBody.supplier }).expect(200);
      expect(response.body).toEqual({ id: itemId, version: 2 });
      expect((await t.events()).at(-1)).toMatchObject({ type: 'RegisterItemAmended', data: { kind: 'contract', changes: { annualValue: 125000 } } });
      expect((await http().get(`/api/programmes/${programmeId}/contracts/${itemId}`)).body.details.annualValue).toBe(125000);
    });

    it('records nothing when nothing changed', async () => {
      const before = (await t.events()).length;
      expect((await patch(`/contracts/${itemId}`, { annualValue: contractBody.annualValue }).expect(200)).body.version).toBe(1);
      expect((await t.events()).length).toBe(before);
    });

    it('refuses an empty change, a new reference and a bad value with 400', async () => {
      expect((await refused(() => patch(`/contracts/${itemId}`, {}), 400)).body.details).toEqual([{ field: 'body', problem: 'must change at least one field' }]);
      expect((await refused(() => patch(`/contracts/${itemId}`, { reference: 'X' }), 400)).body.details[0].field).toBe('reference');
      expect((await refused(() => patch(`/contracts/${itemId}`, { annualValue: -1 }), 400)).body.details[0].field).toBe('annualValue');
    });

    it('answers 404 for an unknown item, or one from another register', async () => {
      await refused(() => patch('/contracts/5b0c4a3e-1111-4222-8333-444455556666', { annualValue: 1 }), 404);
      await refused(() => patch(`/systems/${itemId}`, { name: 'Mosaic' }), 404);
    });

    it('honours If-Match: a stale version gets 412, the current one goes through', async () => {
      await refused(() => patch(`/contracts/${itemId}`, { annualValue: 1 }).set('if-match', '"7"'), 412);
      await patch(`/contracts/${itemId}`, { annualValue: 1 }).set('if-match', '"1"').expect(200);
    });
  });

  describe('POST /api/programmes/{id}/{register}/{itemId}/progress', () => {
    let itemId: string;
    beforeEach(async () => (itemId = (await post('/contracts', contractBody).expect(201)).body.id));

    it('records a step on the day it became true, with who and when it was recorded', async () => {
      const response = await post(`/contracts/${itemId}/progress`, { step: 'consent-received', effectiveAt: '2026-11-02' }).expect(200);
      expect(response.body).toEqual({ id: itemId, version: 2 });
      const event = (await t.events()).at(-1)!;
      expect(event).toMatchObject({
        type: 'ContractConsentReceived',
        data: { itemId, kind: 'contract', step: 'consent-received', on: '2026-11-02' },
        metadata: { effectiveAt: '2026-11-02T00:00:00.000Z', recordedAt: '2026-11-22T10:00:00.000Z' },
      });
      const item = await http().get(`/api/programmes/${programmeId}/contracts/${itemId}`).expect(200);
      // The route given at registration counts as chosen on the registration's day.
      expect(item.body.steps).toEqual({ 'mechanism-chosen': { on: '2026-11-22', mechanism: 'novate' }, 'consent-received': { on: '2026-11-02' } });
    });

    it('keeps only the fields of the step', async () => {
      await post(`/contracts/${itemId}/progress`, { step: 'mechanism-chosen', mechanism: 'assign', endDate: '2027-01-01' }).expect(200);
      expect((await t.events()).at(-1)!.data).toEqual(expect.objectContaining({ step: 'mechanism-chosen', mechanism: 'assign' }));
      expect((await t.events()).at(-1)!.data).not.toHaveProperty('endDate');
    });

    it.each([
      [{ step: 'mechanism-chosen' }, 'mechanism', 'is required'],
      [{ step: 'interim-arrangement-agreed', endDate: 'soon' }, 'endDate', 'must be a real date written YYYY-MM-DD'],
      [{ step: 'walked-through' }, 'step', expect.stringContaining('must be one of: mechanism-chosen')],
      [{}, 'step', 'is required'],
    ])('refuses %j with 400 naming %s', async (body, field, problem) => {
      const response = await refused(() => post(`/contracts/${itemId}/progress`, body), 400);
      expect(response.body.details).toEqual([{ field, problem }]);
    });

    it('leaves the board’s SLA decisions to /decisions', async () => {
      const slaId = (await post('/slas', entries.slas.body).expect(201)).body.id;
      const response = await refused(() => post(`/slas/${slaId}/progress`, { step: 'recommendation-accepted' }), 400);
      expect(response.body.details[0].field).toBe('step');
    });

    it('refuses a step out of order with 409 saying why', async () => {
      // A novation's deed is signed party by party, each only after the supplier's consent.
      const response = await refused(() => post(`/contracts/${itemId}/progress`, { step: 'deed-signed-by-council' }), 409);
      expect(response.body).toMatchObject({ code: 'ILLEGAL_STATE', message: expect.stringContaining('consent to the novation must be received before anyone signs the deed') });
    });

    it('answers 404 for an unknown item', async () => {
      await refused(() => post('/contracts/5b0c4a3e-1111-4222-8333-444455556666/progress', { step: 'consent-requested' }), 404);
    });
  });

  it('answers 404 for an unknown register or item', async () => {
    await http().get(`/api/programmes/${programmeId}/vehicles/5b0c4a3e-1111-4222-8333-444455556666`).expect(404);
    await http().get(`/api/programmes/${programmeId}/contracts/5b0c4a3e-1111-4222-8333-444455556666`).expect(404);
  });
});
