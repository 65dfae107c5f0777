import { simpleParser, ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SMTPServer } from 'smtp-server';
import { memberWithPassword } from './support/browser';
import { contractBody, northshire } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The all-day events of an iCalendar text: summary and day. */
function eventsOf(ics: string): { summary: string; day: string }[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('BEGIN:VEVENT')
    .slice(1)
    .map((block) => ({ summary: /\r\nSUMMARY:([^\r]*)/.exec(block)![1].replace(/\\,/g, ','), day: /\r\nDTSTART;VALUE=DATE:(\d{8})/.exec(block)![1] }));
}

/**
 * The run-up and the tail on the app's clock, for a Northshire-like programme going live on
 * 1 April 2027: registered at T-12 weeks with its day-one checklist, owners and targets; the payroll
 * lead's reminders (read from a real SMTP server) and calendar (parsed); the go and go-live; the
 * payroll SLA signed in the tail; closure with lessons and handovers, after which nothing more is
 * sent or listed.
 */
describe('from twelve weeks out, through go-live, to closure', () => {
  let t: TestApp;
  const received: ParsedMail[] = [];
  let smtp: SMTPServer;
  let programmeId: string;
  let lead: { id: string; token: string };
  let feed: string;
  let sla: string;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;
  const on = (day: string) => t.setNow(`${day}T08:00:00.000Z`);
  const run = async () => (await t.http().post('/api/admin/reminders/run').send({}).expect(200)).body as { queued: number; sent: number };
  const calendar = async () => eventsOf((await request(t.app.getHttpServer()).get(feed).expect(200)).text);

  beforeAll(async () => {
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => (received.push(mail), callback()), callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL: 'https://tracker.northshire.example', API_TOKEN_MAX_DAYS: '366' }, '2027-01-07T08:00:00.000Z');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('T-12 weeks: registered with its day-one checklist, owners and targets; the payroll lead asks for reminders and a calendar', async () => {
    programmeId = (await t.http().post('/api/programmes').send({ ...northshire, dayOneChecklist: true }).expect(201)).body.id;
    sla = (await t.http().post(api('/slas')).send({ reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths: 36, owner: 'Council HR — payroll lead', targetDate: '2027-01-13' }).expect(201)).body.id;
    await t.http().post(api('/contracts')).send({ ...contractBody, owner: 'Council legal — contracts team', targetDate: '2027-03-01' }).expect(201);
    lead = await memberWithPassword(t, programmeId, 'adviser', 'payroll.lead@northshire.example', 'a long enough passphrase');
    lead.token = (await t.http(lead.token).post(`/api/users/${lead.id}/tokens`).send({ expiresAt: '2027-12-31T00:00:00.000Z' }).expect(201)).body.token;
    await t.http(lead.token).put(`/api/users/${lead.id}/reminders`).send({ email: true, owns: ['Council HR — payroll lead'] }).expect(200);
    feed = (await t.http(lead.token).post(`/api/users/${lead.id}/calendar-feed`).send({}).expect(201)).body.path;
    const events = await calendar();
    expect(events).toContainEqual({ summary: 'Northshire children’s services transition: go-live (provisional)', day: '20270401' });
    expect(events.filter((e) => e.summary.startsWith('SLA-PAY: ')).every((e) => e.day === '20270113')).toBe(true);
    expect(events.filter((e) => e.summary.startsWith('DAY1-')).length).toBe(12);
    const plan = (await t.http().get(api('/action-plan?dayOne=yes')).expect(200)).body.actions as unknown[];
    expect(plan).toHaveLength(12);
  });

  it('the Monday after: the weekly digest of what the payroll lead owns; then a notice when its target passes', async () => {
    on('2027-01-11');
    expect(await run()).toEqual({ queued: 1, sent: 1, failing: 0 });
    expect(received[0].subject).toMatch(/^Transition tracker: \d+ things? you own due by 25 January 2027$/);
    expect(received[0].text).toContain('SLA-PAY');
    expect(received[0].text).not.toContain('NCC-0412');
    on('2027-01-14'); // the same week: the target, the 13th, has passed
    expect(await run()).toMatchObject({ queued: 1, sent: 1 });
    expect(received[1].subject).toMatch(/become overdue$/);
    expect((await calendar()).some((e) => e.summary.startsWith('OVERDUE: SLA-PAY: '))).toBe(true);
  });

  it('go-live on 1 April on the board’s go, on interim payroll terms; the go-live picture is signed', async () => {
    on('2027-03-22');
    await t.http().post(api(`/slas/${sla}/progress`)).send({ step: 'interim-arrangement-agreed', endDate: '2027-07-31' }).expect(200);
    await t.http().post(api('/decisions')).send({ type: 'go-no-go', decision: 'go', reasons: 'Payroll on interim terms to 31 July' }).expect(201);
    on('2027-04-01');
    await t.http().post(api('/go-live')).send({ date: '2027-04-01' }).expect(200);
    expect((await t.http().get(api('/go-live-picture')).expect(200)).body.digest.reason).toBe('go-live');
    expect((await calendar()).some((e) => e.summary.includes(': go-live'))).toBe(false);
  });

  it('the tail: the payroll SLA recommended, accepted and signed in May, with its budgets', async () => {
    on('2027-05-10');
    await t.http().post(api(`/slas/${sla}/progress`)).send({ step: 'recommendation-made', suitable: true, reasons: 'Revised terms' }).expect(200);
    await t.http().post(api('/decisions')).send({ type: 'sla-recommendation', slaId: sla, accepted: true, reasons: 'Board minute 5/27' }).expect(201);
    await t.http().post(api(`/slas/${sla}/progress`)).send({ step: 'signed' }).expect(200);
    for (const [financialYear, amount] of [['2027-28', 85000], ['2028-29', 87125], ['2029-30', 89303], ['2030-31', 91536]] as const) {
      await t.http().post(api('/budgets/buy-back')).send({ slaId: sla, financialYear, amount }).expect(200);
    }
    expect((await t.http().get(api('/action-plan')).expect(200)).body.actions.some((a: { subject: string }) => a.subject === 'SLA-PAY')).toBe(false);
  });

  it('closure in June: refused while things are outstanding and not handed over, then closed with lessons and handovers; nothing more is sent or listed', async () => {
    on('2027-06-07');
    const review = { note: 'Handed over to the trust', lessons: [{ area: 'slas', wentWell: 'Interim payroll terms kept staff paid', didNotGoWell: 'The payroll SLA was agreed five weeks after go-live' }], exitStrategy: 'Checked against schedule 9 of the services contract' };
    const refused = await t.http().post(api('/closure')).send(review).expect(409);
    expect(refused.body.message).toMatch(/still outstanding and not handed over \(.*NCC-0412/);
    const { outstanding } = (await t.http().get(api('/closure')).expect(200)).body as { outstanding: { id: string; label: string }[] };
    await t.http().post(api('/closure')).send({ ...review, handovers: outstanding.map((o) => ({ id: o.id, to: 'Trust commercial team' })) }).expect(200);
    const closure = (await t.http().get(api('/closure')).expect(200)).body;
    expect(closure).toMatchObject({ closed: true, note: 'Handed over to the trust', exitStrategy: 'Checked against schedule 9 of the services contract' });
    expect(closure.handovers.map((h: { label: string }) => h.label)).toContain('NCC-0412');
    const sent = received.length;
    on('2027-06-14');
    expect(await run()).toMatchObject({ queued: 0 });
    expect(received).toHaveLength(sent);
    expect(await calendar()).toEqual([]);
  });
});
