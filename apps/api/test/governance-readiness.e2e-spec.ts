import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { itemStreamId } from '@tracker/domain';
import { registerProgramme } from './support/fixtures';
import { ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';

/*
 * The governance register through HTTP on a Sandwell-like timetable: the programme set up in October 2016,
 * go-live on 1 April 2018. Each rule decides both ways; each refusal writes nothing.
 */
describe('governance readiness over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  /** The first administrator's token lasts a year from the app's start; the story runs to 2018. */
  let token: string;
  const http = () => t.http(token);
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  const post = (path: string, body: object) => http().post(at(path)).send(body);
  /** Runs a request that must be refused, and checks it appended nothing. */
  const refused = async (send: () => request.Test, status: number) => {
    const before = (await t.events()).length;
    const response = await send().expect(status);
    expect((await t.events()).length).toBe(before);
    return response;
  };
  const registerItem = async (body: object) => (await post('/governance-items', { title: 'Governance item', ...body }).expect(201)).body.id as string;
  const progress = (itemId: string, body: object) => post(`/governance-items/${itemId}/progress`, body);
  type Reason = { ruleId: string; status: string; message: string };
  const readinessOf = async (itemId: string): Promise<{ status: string; reasons: Reason[] }> => {
    const list = (await http().get(at('/governance-items')).expect(200)).body as { items: { id: string; readiness: { status: string; reasons: Reason[] } }[] };
    return list.items.find((i) => i.id === itemId)!.readiness;
  };

  beforeEach(async () => {
    t = await startTestApp({ API_TOKEN_MAX_DAYS: '1200' }, '2016-10-03T09:00:00.000Z'); // one token for the whole story
    programmeId = await registerProgramme(t, { name: 'Sandwell-like children’s trust', goLiveDate: '2018-04-01' });
    token = (await t.http().post(`/api/users/${ADMIN_USER_ID}/tokens`).send({ expiresAt: '2019-12-31T00:00:00.000Z' }).expect(201)).body.token as string;
    t.setNow('2016-11-01T09:00:00.000Z');
  });
  afterEach(async () => t.close());

  describe('Teckal (PCR 2015 reg. 12(1); Procurement Act 2023 Sch. 2 para. 2)', () => {
    const conditions = (financialYear: string, activitySharePercent: number, effectiveAt: string) => ({
      step: 'teckal-conditions-recorded',
      financialYear,
      activitySharePercent,
      councilControl: true,
      privateCapital: false,
      effectiveAt,
    });

    it('is ready at 81% for 2018-19 citing PCR 2015 reg. 12(1), and not ready once 79% is recorded for 2019-20 — accepted by the API, refused by the rule', async () => {
      const itemId = await registerItem({ reference: 'GOV-TECKAL', governanceKind: 'teckal', title: 'Teckal exemption evidenced', procurementBegunOn: '2017-09-01' });
      t.setNow('2018-02-01T09:00:00.000Z');
      await progress(itemId, conditions('2018-19', 81, '2018-01-10')).expect(200);
      const ready = await readinessOf(itemId);
      expect(ready.status).toBe('ready');
      expect(ready.reasons[0].message).toContain('Teckal conditions for 2018-19 met (Public Contracts Regulations 2015 reg. 12(1))');

      await progress(itemId, conditions('2019-20', 79, '2018-01-20')).expect(200);
      expect((await t.events()).at(-1)).toMatchObject({ type: 'TeckalConditionsRecorded', data: { financialYear: '2019-20', activitySharePercent: 79, councilControl: true, privateCapital: false, on: '2018-01-20' } });
      const notReady = await readinessOf(itemId);
      expect(notReady.status).toBe('not-ready');
      expect(notReady.reasons).toContainEqual({
        ruleId: 'governance.teckal',
        status: 'overdue',
        message: 'Teckal conditions for 2019-20 not met (Public Contracts Regulations 2015 reg. 12(1)): 79% of the trust’s activity is for the council, not more than 80%',
      });
      const blockers = (await http().get(at('/readiness')).expect(200)).body.blockers as { ruleId: string; message: string }[];
      expect(blockers).toContainEqual(expect.objectContaining({ ruleId: 'governance.teckal', message: expect.stringContaining('2019-20 not met') }));
    });

    it('is not ready at exactly 80%, and cites the Procurement Act 2023 Sch. 2 para. 2 for a procurement begun on 24 February 2025 or later', async () => {
      const itemId = await registerItem({ reference: 'GOV-T80', governanceKind: 'teckal', procurementBegunOn: '2025-02-24' });
      t.setNow('2018-02-01T09:00:00.000Z');
      await progress(itemId, conditions('2018-19', 80, '2018-01-10')).expect(200);
      const { status, reasons } = await readinessOf(itemId);
      expect(status).toBe('not-ready');
      expect(reasons[0].message).toBe('Teckal conditions for 2018-19 not met (Procurement Act 2023 Sch. 2 para. 2): 80% of the trust’s activity is for the council, not more than 80%');
    });

    it.each([
      [{ activitySharePercent: 180 }, 'activitySharePercent', 'must be at most 100'],
      [{ activitySharePercent: 81.255 }, 'activitySharePercent', 'must be a number with at most 2 decimal places'],
      [{ financialYear: '2018-2019' }, 'financialYear', 'must be a financial year written like 2027-28'],
      [{ councilControl: undefined }, 'councilControl', 'is required'],
      [{ privateCapital: 'no' }, 'privateCapital', 'must be true or false'],
    ])('refuses %j with 400 naming %s, and writes nothing', async (change, field, problem) => {
      const itemId = await registerItem({ reference: 'GOV-TECKAL', governanceKind: 'teckal' });
      const response = await refused(() => progress(itemId, { ...conditions('2018-19', 81, '2016-11-01'), ...change }), 400);
      expect(response.body.details).toEqual([{ field, problem }]);
    });

    it('refuses a procurement date that is not a date with 400 naming procurementBegunOn', async () => {
      const response = await refused(() => post('/governance-items', { reference: 'GOV-X', governanceKind: 'teckal', title: 'Teckal', procurementBegunOn: 'autumn 2017' }), 400);
      expect(response.body.details).toEqual([{ field: 'procurementBegunOn', problem: 'must be a real date written YYYY-MM-DD' }]);
    });
  });

  describe('a step on a governance kind it does not belong to', () => {
    it('is refused with 409 in words, writing nothing: a sign-off on a Teckal item, Teckal conditions on an incorporation', async () => {
      const teckal = await registerItem({ reference: 'GOV-T', governanceKind: 'teckal' });
      const signOff = await refused(() => progress(teckal, { step: 'signed-off', by: 'Trust Board' }), 409);
      expect(signOff.body).toMatchObject({ code: 'ILLEGAL_STATE', message: expect.stringContaining('GOV-T is a teckal item: “signed off” is not one of its steps (they are: teckal conditions recorded)') });

      const incorporation = await registerItem({ reference: 'GOV-INC', governanceKind: 'incorporation' });
      const teckalStep = { step: 'teckal-conditions-recorded', financialYear: '2018-19', activitySharePercent: 90, councilControl: true, privateCapital: false };
      const wrong = await refused(() => progress(incorporation, teckalStep), 409);
      expect(wrong.body.message).toContain('GOV-INC is an incorporation item: “teckal conditions recorded” is not one of its steps (they are: signed off)');
      await progress(incorporation, { step: 'signed-off', by: 'Trust Board' }).expect(200);
    });
  });

  describe('statutory direction (Education Act 1996 s.497A, as applied by Children Act 2004 s.50)', () => {
    it('is not ready after go-live with only the service delivery contract signed, and ready with the governance agreement signed too', async () => {
      const itemId = await registerItem({ reference: 'GOV-DIR', governanceKind: 'statutory-direction', title: 'Statutory direction: contract and governance agreement' });
      t.setNow('2018-04-05T09:00:00.000Z');
      await progress(itemId, { step: 'service-delivery-contract-signed', effectiveAt: '2018-03-20' }).expect(200);
      const one = await readinessOf(itemId);
      expect(one.status).toBe('not-ready');
      expect(one.reasons.map((r) => [r.ruleId, r.status])).toEqual([
        ['governance.direction-contract', 'met'],
        ['governance.direction-agreement', 'overdue'],
      ]);
      await progress(itemId, { step: 'governance-agreement-signed', effectiveAt: '2018-03-22' }).expect(200);
      expect((await readinessOf(itemId)).status).toBe('ready');
    });
  });

  describe('Ofsted (Care Standards Act 2000 s.11; six months is policy)', () => {
    it('wants the registration type of an Ofsted registration: 400 naming registrationType', async () => {
      const response = await refused(() => post('/governance-items', { reference: 'GOV-OF', governanceKind: 'ofsted-registration', title: 'Ofsted registration' }), 400);
      expect(response.body.details).toEqual([{ field: 'registrationType', problem: 'is required' }]);
      const wrong = await refused(() => post('/governance-items', { reference: 'GOV-OF', governanceKind: 'ofsted-registration', title: 'Ofsted', registrationType: 'nursery' }), 400);
      expect(wrong.body.details[0]).toMatchObject({ field: 'registrationType', problem: expect.stringContaining('must be one of: fostering-agency') });
    });

    it('takes an application 8 months before go-live as in time, and puts one 4 months before at risk the day it is made', async () => {
      const fostering = await registerItem({ reference: 'GOV-IFA', governanceKind: 'ofsted-registration', registrationType: 'fostering-agency' });
      const adoption = await registerItem({ reference: 'GOV-VAA', governanceKind: 'ofsted-registration', registrationType: 'adoption-agency' });
      t.setNow('2017-12-05T09:00:00.000Z');
      await progress(fostering, { step: 'registration-applied', effectiveAt: '2017-08-01' }).expect(200);
      await progress(adoption, { step: 'registration-applied', effectiveAt: '2017-12-01' }).expect(200);
      expect((await readinessOf(fostering)).reasons[0]).toMatchObject({ ruleId: 'governance.ofsted', status: 'met', message: expect.stringContaining('in time to be granted by go-live') });
      const late = await readinessOf(adoption);
      expect(late.status).toBe('at-risk');
      expect(late.reasons[0]).toEqual({
        ruleId: 'governance.ofsted',
        status: 'late',
        message: 'Ofsted registration as an adoption agency applied for on 1 December 2017: registration typically takes 6 months, so it is expected about 1 June 2018, after go-live on 1 April 2018',
      });

      await progress(fostering, { step: 'registered', effectiveAt: '2017-12-04' }).expect(200);
      expect((await readinessOf(fostering)).status).toBe('ready');
    });

    it('wants a children’s home’s registered manager, and refuses a registration before the application with 409', async () => {
      const home = await registerItem({ reference: 'GOV-HOME', governanceKind: 'ofsted-registration', registrationType: 'childrens-home', establishmentName: 'Lodge House' });
      const early = await refused(() => progress(home, { step: 'registered' }), 409);
      expect(early.body.message).toContain('Record the application to Ofsted before the registration it led to');
      t.setNow('2018-04-03T09:00:00.000Z');
      await progress(home, { step: 'registration-applied', effectiveAt: '2017-06-01' }).expect(200);
      await progress(home, { step: 'registered', effectiveAt: '2017-12-01' }).expect(200);
      const noManager = await readinessOf(home);
      expect(noManager.status).toBe('not-ready');
      expect(noManager.reasons.at(-1)!.message).toBe('Registered manager appointed for a children’s home (Lodge House): due by 1 April 2018, not done');
      await progress(home, { step: 'registered-manager-appointed', effectiveAt: '2017-11-06' }).expect(200);
      expect((await readinessOf(home)).status).toBe('ready');
    });
  });

  describe('services contract (Best Value Authorities Staff Transfers (Pensions) Direction 2007) and cash (DOMAIN rule 10)', () => {
    it('does not count the contract as signed until its pension protection is confirmed', async () => {
      const itemId = await registerItem({ reference: 'GOV-SC', governanceKind: 'services-contract', title: 'Services contract between council and trust' });
      t.setNow('2018-03-01T09:00:00.000Z');
      for (const step of ['kpis-agreed', 'change-control-agreed', 'annual-review-agreed', 'signed']) await progress(itemId, { step, effectiveAt: '2018-02-15' }).expect(200);
      const unprotected = await readinessOf(itemId);
      expect(unprotected.status).toBe('at-risk');
      expect(unprotected.reasons).toContainEqual({
        ruleId: 'governance.services-contract',
        status: 'due',
        message: 'Services contract signed on 15 February 2018, but it cannot count as signed while its pension protection is unconfirmed',
      });
      expect(unprotected.reasons).toContainEqual({ ruleId: 'governance.pension-protection', status: 'due', message: 'Pension protection for transferring staff confirmed: due by 1 April 2018' });
      await progress(itemId, { step: 'pension-protection-confirmed', effectiveAt: '2018-02-15' }).expect(200);
      expect((await readinessOf(itemId)).status).toBe('ready');
    });

    it('records the working-capital facility with its lender and terms, and refuses a facility in words, not pounds, with 400', async () => {
      const itemId = await registerItem({ reference: 'GOV-CASH', governanceKind: 'cash-flow-treasury', title: 'Working-capital loan' });
      const bad = await refused(() => progress(itemId, { step: 'working-capital-recorded', facilityAmount: 'two million', lender: 'The council', repaymentTerms: 'Five years' }), 400);
      expect(bad.body.details).toEqual([{ field: 'facilityAmount', problem: 'must be an amount in pounds, e.g. 125000 or 99.50' }]);
      t.setNow('2018-02-01T09:00:00.000Z');
      await progress(itemId, { step: 'working-capital-recorded', facilityAmount: 2000000, lender: 'Sandwell Metropolitan Borough Council', repaymentTerms: 'Repaid over five years from 2019-20' }).expect(200);
      expect((await t.events()).at(-1)).toMatchObject({ type: 'WorkingCapitalRecorded', data: { facilityAmount: 2000000, lender: 'Sandwell Metropolitan Borough Council', on: '2018-02-01' } });
      const { status, reasons } = await readinessOf(itemId);
      expect(status).toBe('ready');
      expect(reasons[0]).toMatchObject({ ruleId: 'governance.cash', status: 'met' });
    });
  });

  it('reads a sign-off stored on a services contract before it had steps of its own: in its history, not enough for readiness', async () => {
    const itemId = await registerItem({ reference: 'GOV-OLD', governanceKind: 'services-contract', title: 'Services contract' });
    t.setNow('2017-11-02T09:00:00.000Z');
    const metadata = { userId: 'adviser-1', role: 'adviser', correlationId: 'legacy', causationId: 'legacy', recordedAt: '2017-11-01T10:00:00.000Z' };
    await t.store.appendToStream(
      itemStreamId(programmeId, itemId),
      [{ eventId: randomUUID(), type: 'GovernanceItemSignedOff', schemaVersion: 1, data: { programmeId, itemId, kind: 'governance-item', step: 'signed-off', on: '2017-11-01', by: 'Trust Board' }, metadata }],
      'stream_exists',
    );
    const item = (await http().get(at(`/governance-items/${itemId}`)).expect(200)).body;
    expect(item.steps['signed-off']).toEqual({ on: '2017-11-01', by: 'Trust Board' });
    const { status, reasons } = await readinessOf(itemId);
    expect(status).toBe('at-risk');
    expect(reasons[0].message).toContain('signed off on 1 November 2017 as a single step; that no longer shows this');
  });
});
