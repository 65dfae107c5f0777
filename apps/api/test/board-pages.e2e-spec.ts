import request from 'supertest';
import { northshire, registerProgramme } from './support/fixtures';
import { memberWithPassword, signInSession, summaryOf } from './support/browser';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';

type Session = { cookie: string; csrf: string };

/** The board's pages: what awaits its decision; confirming the go-live date and recording go-live; an administrator closing the programme. */
describe('the board’s pages', () => {
  let t: TestApp;
  let programmeId: string;
  let board: Session;
  let adviser: Session;
  let admin: Session;
  const at = (path = '') => `/programmes/${programmeId}${path}`;
  const get = (path: string, as: Session, status = 200) => request(t.app.getHttpServer()).get(path).set('cookie', as.cookie).expect(status);
  const post = async (path: string, form: Record<string, string>, as: Session, status = 303) => {
    const response = await request(t.app.getHttpServer()).post(path).set('cookie', as.cookie).type('form').send(new URLSearchParams({ _csrf: as.csrf, ...form }).toString());
    if (response.status !== status) throw new Error(`POST ${path} answered ${response.status}, not ${status}: ${summaryOf(response.text).join(' | ') || response.text.slice(0, 300)}`);
    return response;
  };

  beforeAll(async () => {
    // Go-live is recorded on the day: the story starts a week before the programme's go-live date.
    t = await startTestApp({}, '2027-03-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    await memberWithPassword(t, programmeId, 'board', 'chair@northshire.example', 'a long enough passphrase');
    await memberWithPassword(t, programmeId, 'adviser', 'ann.adviser@northshire.example', 'a long enough passphrase');
    board = await signInSession(t, 'chair@northshire.example', 'a long enough passphrase');
    adviser = await signInSession(t, 'ann.adviser@northshire.example', 'a long enough passphrase');
    admin = await signInSession(t, 'admin@localhost', ADMIN_PASSWORD);
  });
  afterAll(async () => t.close());
  beforeEach(() => t.mark());

  it('shows what awaits the board on the dashboard and in the board pack, linking the board to the decision', async () => {
    const api = (path: string) => `/api/programmes/${programmeId}${path}`;
    const sla = (await t.http().post(api('/slas')).send({ reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths: 36 }).expect(201)).body.id as string;
    await t.http().post(api(`/slas/${sla}/progress`)).send({ step: 'recommendation-made', suitable: true, reasons: 'Meets KPIs' }).expect(200);
    const forBoard = await get(at(), board);
    expect(forBoard.text).toContain('Awaiting the board');
    expect(forBoard.text).toContain(`href="${at(`/registers/slas/${sla}/decision`)}">SLA-PAY</a>`);
    const forAdviser = await get(at(), adviser);
    expect(forAdviser.text).toContain(`href="${at(`/registers/slas/${sla}`)}">SLA-PAY</a>`);
    expect((await get(at('/board-pack'), board)).text).toContain('the board has not decided on the recommendation');
    await t.http().post(api('/decisions')).send({ type: 'sla-recommendation', slaId: sla, accepted: true, reasons: 'Minute 12' }).expect(201);
    expect((await get(at(), board)).text).not.toContain('Awaiting the board');
  });

  it('offers a decision on an SLA only while its latest recommendation awaits one, and shows a risk acceptance on its finding', async () => {
    const api = (path: string) => `/api/programmes/${programmeId}${path}`;
    const sla = (await t.http().post(api('/slas')).send({ reference: 'SLA-HR', service: 'hr', kpis: ['Cases closed in 20 days'], annualPrice: 40000, termMonths: 24 }).expect(201)).body.id as string;
    const decideLink = `href="${at(`/registers/slas/${sla}/decision`)}"`;
    const itemPage = async () => (await get(at(`/registers/slas/${sla}`), board)).text;
    expect(await itemPage()).not.toContain(decideLink);
    await t.http().post(api(`/slas/${sla}/progress`)).send({ step: 'recommendation-made', suitable: false, reasons: 'KPIs too weak' }).expect(200);
    expect(await itemPage()).toContain(decideLink);
    await t.http().post(api('/decisions')).send({ type: 'sla-recommendation', slaId: sla, accepted: false, reasons: 'Back to the advisers' }).expect(201);
    // Rejected: decided, so not offered again (it was, while "accepted" was the only answer looked for).
    expect(await itemPage()).not.toContain(decideLink);
    await t.http().post(api(`/slas/${sla}/progress`)).send({ step: 'recommendation-made', suitable: true, reasons: 'KPIs strengthened' }).expect(200);
    expect(await itemPage()).toContain(decideLink);

    const finding = (await t.http().post(api('/findings')).send({ area: 'systems', title: 'No DSA', description: 'Missing', severity: 'high', owner: 'Head of ICT', dueDate: '2027-01-31' }).expect(201)).body.id as string;
    await t.http().post(api('/decisions')).send({ type: 'risk-acceptance', findingId: finding, reason: 'Interim DSA signed by both parties', expiresOn: '2027-06-30' }).expect(201);
    const page = (await get(at(`/findings/${finding}`), board)).text;
    expect(page).toContain('The board accepted this risk until 30 June 2027');
    expect(page).toContain('Interim DSA signed by both parties');
    expect(page).not.toContain(at(`/findings/${finding}/accept-risk`));
  });

  it('says who rated delivery confidence, and when', async () => {
    await post(at('/decisions/rating'), { rating: 'amber', rationale: 'Pensions late', body: 'project-board' }, board);
    expect((await get(at(), adviser)).text).toContain('Recorded by A board for the Project board on 1 March 2027 at 9:00am.');
  });

  it('offers the board each step on the dashboard, and refuses an adviser the forms', async () => {
    const dashboard = await get(at(), board);
    expect(dashboard.text).toContain(at('/go-live-date/confirm'));
    expect(dashboard.text).toContain(at('/go-live'));
    expect(dashboard.text).not.toContain(at('/close'));
    expect((await get(at(), admin)).text).toContain(at('/close'));
    await get(at('/go-live-date/confirm'), adviser, 403);
    await post(at('/go-live'), { date: '2027-03-01' }, adviser, 403);
    await post(at('/close'), { note: 'x' }, adviser, 403);
    expect(await t.events()).toEqual([]);
  });

  it('confirms the go-live date shown, as the API records it', async () => {
    const form = await get(at('/go-live-date/confirm'), board);
    expect(form.text).toContain('The go-live date is 1 April 2027, provisional until the board confirms it.');
    await post(at('/go-live-date/confirm'), {}, board);
    expect((await t.events()).map((e) => [e.type, e.data])).toEqual([['GoLiveDateConfirmed', { programmeId, date: northshire.goLiveDate }]]);
    expect((await get(at('/go-live-date/confirm'), board)).text).toContain('is confirmed already');
    expect((await get(at(), board)).text).not.toContain(at('/go-live-date/confirm'));
  });

  it('refuses go-live without a go in the error summary, with nothing recorded, then records it once there is one', async () => {
    const form = await get(at('/go-live'), board);
    for (const [part, value] of [['day', '1'], ['month', '3'], ['year', '2027']]) expect(form.text).toContain(`name="date-${part}" type="text" value="${value}"`);
    const refused = await post(at('/go-live'), { date: '2027-03-01' }, board, 400);
    expect(summaryOf(refused.text)[0]).toContain('Go-live needs a go');
    const future = await post(at('/go-live'), { date: '2027-03-02' }, board, 400);
    expect(summaryOf(future.text)).toEqual([expect.stringMatching(/^date-day: /)]);
    expect(await t.events()).toEqual([]);

    expect((await get(at(), board)).text).toContain('No go / no-go decision stands on this date yet.');
    await t.http().post(`/api/programmes/${programmeId}/decisions`).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }).expect(201);
    expect((await get(at(), board)).text).toMatch(/The board’s decision standing on this date: <strong>Go<\/strong> \(Project board, [^)]+\): Ready\./);
    await t.mark();
    const done = await post(at('/go-live'), { date: '2027-03-01' }, board);
    expect(done.headers.location).toBe(at('?done=went-live'));
    // As through the API: go-live is recorded, and a digest signed over the history up to it.
    expect((await t.events()).map((e) => e.type)).toEqual(['ProgrammeWentLive', 'DigestRecorded']);
    expect((await get(done.headers.location, board)).text).toContain('Go-live has been recorded.');
  });

  it('closes the live programme with its review and a named owner for each thing outstanding, the administrator must give them all', async () => {
    const form = (await get(at('/close'), admin)).text;
    expect(form).toContain('Contracts: what went well');
    expect(form).toContain('How the exit strategy was checked');
    const { outstanding } = (await t.http().get(`/api/programmes/${programmeId}/closure`).expect(200)).body as { outstanding: { id: string; label: string }[] };
    expect(outstanding.map((o) => o.label)).toContain('SLA-PAY');
    expect(form).toContain('Who carries on SLA-PAY');

    const empty = await post(at('/close'), { note: '' }, admin, 400);
    expect(summaryOf(empty.text)).toEqual(['note: Enter why it is closed']);
    const noReview = await post(at('/close'), { note: 'Handed over to the trust' }, admin, 400);
    expect(summaryOf(noReview.text)).toEqual([
      'wentWell-systems: Lessons learned must say, for at least one area, what went well or what did not',
      'exitStrategy: Enter how the exit strategy was checked',
    ]);
    const review = { note: 'Handed over to the trust', 'wentWell-staff': 'ELI in on time', 'didNotGoWell-slas': 'Payroll SLA agreed too late', exitStrategy: 'Checked against schedule 9 of the services contract' };
    const notHandedOver = await post(at('/close'), review, admin, 400);
    expect(summaryOf(notHandedOver.text)[0]).toMatch(/still outstanding and not handed over \(.*SLA-PAY.*\): finish/);
    expect(await t.events()).toEqual([]);

    const handovers = Object.fromEntries(outstanding.map((o) => [`handover-${o.id}`, 'Trust commercial team']));
    await post(at('/close'), { ...review, ...handovers }, admin);
    const [closed] = (await t.events()).map((e) => e.data as { note: string; lessons: unknown; handovers: { label: string; to: string }[] });
    expect(closed.note).toBe('Handed over to the trust');
    expect(closed.lessons).toEqual([
      { area: 'slas', didNotGoWell: 'Payroll SLA agreed too late' },
      { area: 'staff', wentWell: 'ELI in on time' },
    ]);
    expect(closed.handovers).toContainEqual({ id: outstanding.find((o) => o.label === 'SLA-PAY')!.id, label: 'SLA-PAY', to: 'Trust commercial team' });
    const dashboard = (await get(at(), admin)).text;
    expect(dashboard).not.toContain(at('/close'));
    expect(dashboard).toContain('data-testid="closure-lessons"');
    expect(dashboard).toContain('Payroll SLA agreed too late');
    expect(dashboard).toContain('Checked against schedule 9 of the services contract');
    expect(dashboard).toMatch(/SLA-PAY<\/td><td class="govuk-table__cell">Trust commercial team/);
  });

  it('names each decision in the audit trail by what it decided', async () => {
    const audit = (await get(at('/audit'), board)).text;
    for (const words of ['SLA recommendation: Recommendation accepted — SLA SLA-PAY', 'SLA recommendation: Recommendation rejected — SLA SLA-HR', 'Risk acceptance: Risk accepted — Finding: No DSA', 'Delivery confidence: Amber', 'Go / no-go: Go — Go-live on 1 April 2027']) {
      expect(audit).toContain(`>${words}</a>`);
    }
    expect(audit).not.toContain('Decision of');
  });
});
