import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('dashboard over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  const finding = (severity: string) => ({ area: 'systems', title: `A ${severity} finding`, description: 'd', severity, owner: 'o', dueDate: '2027-03-01' });

  beforeAll(async () => {
    t = await startTestApp({}, '2026-06-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    await t.http().post(at('/findings')).send(finding('critical')).expect(201);
    t.setNow('2026-10-01T09:00:00.000Z');
    await t.http().post(at('/findings')).send(finding('high')).expect(201);
    await t.http().post(at('/go-live-date/moves')).send({ date: '2027-05-01', reasons: ['pensions', 'ofsted-registration'], note: 'Admission agreement late' }).expect(201);
    t.setNow('2026-11-22T10:00:00.000Z');
    const closed = (await t.http().post(at('/findings')).send({ ...finding('low'), evidence: [{ link: 'https://x.example/e' }] }).expect(201)).body.id;
    await t.http().post(at(`/findings/${closed}/resolve`)).send({ resolution: 'done' }).expect(200);
    await t.http().post(at('/findings')).send(finding('high')).expect(201);

    const lgps = (await t.http().post(at('/staff-groups')).send({ reference: 'S-1', team: 'Fostering', headcount: 40, fte: 36.5, pensionScheme: 'lgps' }).expect(201)).body.id;
    await t.http().post(at('/staff-groups')).send({ reference: 'S-2', team: 'Adoption', headcount: 12, fte: 10, pensionScheme: 'teachers' }).expect(201);
    await t.http().post(at(`/staff-groups/${lgps}/progress`)).send({ step: 'eli-received' }).expect(200);
    await t.http()
      .post(at(`/staff-groups/${lgps}/progress`))
      .send({ step: 'admission-agreement-signed', signedByTrustOn: '2026-11-16', signedByCouncilOn: '2026-11-18', signedByFundOn: '2026-11-20', effectiveDate: '2027-04-01' })
      .expect(200);

    const hr = (await t.http().post(at('/slas')).send({ reference: 'SLA-HR', service: 'hr', kpis: ['k'], annualPrice: 1, termMonths: 12 }).expect(201)).body.id;
    const pay = (await t.http().post(at('/slas')).send({ reference: 'SLA-PAY', service: 'payroll', kpis: ['k'], annualPrice: 1, termMonths: 12 }).expect(201)).body.id;
    await t.http().post(at('/budgets/buy-back')).send({ slaId: hr, financialYear: '2027-28', amount: 300000 }).expect(200);
    await t.http().post(at('/budgets/buy-back')).send({ slaId: pay, financialYear: '2027-28', amount: 250000 }).expect(200);
    await t.http().post(at('/budgets/buy-back')).send({ slaId: pay, financialYear: '2028-29', amount: 260000 }).expect(200);
    await t.http().post(at('/budgets/envelopes')).send({ financialYear: '2027-28', amount: 500000 }).expect(200);
  });
  afterAll(async () => t.close());

  it('counts open findings by severity and by age', async () => {
    const { body } = await t.http().get(at('/dashboard')).expect(200);
    expect(body.openFindings).toEqual({
      total: 3,
      bySeverity: { critical: 1, high: 2, medium: 0, low: 0 },
      byAge: { 'under 30 days': 1, '30 to 89 days': 1, '90 days or more': 1 },
    });
  });

  it('sets the buy-back per service and year against the envelope', async () => {
    const { body } = await t.http().get(at('/dashboard')).expect(200);
    expect(body.buyBack.yearOne).toBe('2027-28');
    expect(body.buyBack.years).toEqual([
      { year: '2027-28', total: 550000, envelope: 500000, withinEnvelope: false },
      { year: '2028-29', total: 260000, envelope: null, withinEnvelope: null },
    ]);
    expect(body.buyBack.services.map((s: { reference: string }) => s.reference)).toEqual(['SLA-HR', 'SLA-PAY']);
    expect(body.readiness.areas.find((a: { area: string }) => a.area === 'budgets').counts['not-ready']).toBe(1);
  });

  it('sums the staff in scope and their transfer progress', async () => {
    const { body } = await t.http().get(at('/dashboard')).expect(200);
    expect(body.staff).toEqual({ groups: 2, headcountInScope: 52, fteInScope: 46.5, eliReceived: 1, consultationCompleted: 0, lgpsGroups: 1, admissionAgreementsSigned: 1 });
  });

  it('shows the go-live date’s history with its reasons in words', async () => {
    const { body } = await t.http().get(at('/dashboard')).expect(200);
    expect(body.programme).toMatchObject({ goLiveDate: '2027-05-01', goLiveConfirmed: false, status: 'active' });
    expect(body.goLiveHistory).toEqual([
      {
        recordedAt: '2026-10-01T09:00:00.000Z',
        by: expect.any(String),
        role: 'administrator',
        change: 'moved later',
        from: '2027-04-01',
        to: '2027-05-01',
        reasons: [
          { code: 'pensions', words: 'Pensions' },
          { code: 'ofsted-registration', words: 'Ofsted registration' },
        ],
        note: 'Admission agreement late',
      },
    ]);
    expect(body.readiness).toMatchObject({ daysToGoLive: 160, goLiveDate: '2027-05-01' });
  });
});
