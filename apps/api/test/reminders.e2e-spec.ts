import { simpleParser, ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SMTPServer } from 'smtp-server';
import { memberWithPassword, signInSession, summaryOf, violationsOnPages } from './support/browser';
import { contractBody, registerProgramme } from './support/fixtures';
import { ADMIN_TOKEN, startTestApp, TestApp } from './support/test-app';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const withChromium = existsSync(CHROMIUM) ? it : it.skip;
if (!existsSync(CHROMIUM)) process.stdout.write(`Reminders browser test SKIPPED: ${CHROMIUM} is missing (install Debian's chromium; .ci/run does).\n`);

/** A real SMTP server on a free port, keeping every message, parsed; it refuses the next `refuse` messages. */
async function startSmtp() {
  const received: { to: string[]; mail: ParsedMail }[] = [];
  const control = { refuse: 0 };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (control.refuse > 0) {
            control.refuse--;
            return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
          }
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, control, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * Email reminders through a real SMTP server, on a Northshire-like timetable (go-live 1 April
 * 2027): the weekly digest on Monday 22 February, a notice when a target passes, a failed send
 * retried, and opting out.
 */
describe('email reminders', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let programmeId: string;
  let payroll: { id: string; token: string };
  const run = async () => (await t.http().post('/api/admin/reminders/run').send({}).expect(200)).body as { queued: number; sent: number; failing: number };

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, REMINDERS_FROM: 'tracker@northshire.example', PUBLIC_URL: 'https://tracker.northshire.example' }, '2027-01-04T10:00:00.000Z');
    programmeId = await registerProgramme(t);
    const api = (path: string) => `/api/programmes/${programmeId}${path}`;
    await t.http().post(api('/slas')).send({ reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time'], annualPrice: 85000, termMonths: 36, owner: 'Council HR — payroll lead', targetDate: '2027-02-23' }).expect(201);
    await t.http().post(api('/contracts')).send({ ...contractBody, owner: 'Council legal — contracts team', targetDate: '2027-03-15' }).expect(201);
    await t.http().post(api('/staff-groups')).send({ reference: 'STAFF-01', team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps', owner: 'Council HR — payroll lead', targetDate: '2027-05-01' }).expect(201);
    payroll = await memberWithPassword(t, programmeId, 'adviser', 'payroll.lead@northshire.example', 'a long enough passphrase');
    t.setNow('2027-02-22T08:00:00.000Z'); // a Monday
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends nothing to anyone who has not asked', async () => {
    expect(await run()).toEqual({ queued: 0, sent: 0, failing: 0 });
    expect(smtp.received).toEqual([]);
  });

  it('refuses to ask for reminders without an owner, and an administrator cannot ask for someone, writing nothing', async () => {
    await t.mark();
    const none = await t.http(payroll.token).put(`/api/users/${payroll.id}/reminders`).send({ email: true, owns: [] }).expect(400);
    expect(none.body.details).toEqual([{ field: 'owns', problem: 'must name at least one owner you answer for, to be sent reminders of what they own' }]);
    const admin = await t.http().put(`/api/users/${payroll.id}/reminders`).send({ email: true, owns: ['Council HR — payroll lead'] }).expect(409);
    expect(admin.body.message).toMatch(/^Only the person themselves asks for email reminders/);
    expect(await t.events()).toEqual([]);
  });

  it('sends the weekly digest of what the owner owns due in the next 14 days or overdue, once a week, with groups and references only', async () => {
    await t.http(payroll.token).put(`/api/users/${payroll.id}/reminders`).send({ email: true, owns: ['Council HR — payroll lead'] }).expect(200);
    expect(await run()).toEqual({ queued: 1, sent: 1, failing: 0 });
    expect(smtp.received).toHaveLength(1);
    const [{ to, mail }] = smtp.received;
    expect(to).toEqual(['payroll.lead@northshire.example']);
    expect(mail.from?.text).toBe('tracker@northshire.example');
    expect(mail.subject).toMatch(/^Transition tracker: \d+ things? you own due by 8 March 2027$/);
    expect(mail.text).toContain('SLA-PAY');
    expect(mail.text).toContain('due 23 February 2027, owner Council HR — payroll lead');
    expect(mail.text).toContain('https://tracker.northshire.example/programmes/');
    // The staff group's target is in May, but ELI is due by law 28 days before go-live: in it, by that day.
    expect(mail.text).toContain('STAFF-01: Employee liability information received: due by 4 March 2027 — due 4 March 2027');
    // Another owner's contract is not in it; nor is anyone's name.
    expect(mail.text).not.toContain('NCC-0412');
    expect(mail.text).not.toContain('A adviser');
    // The same week: nothing again.
    expect(await run()).toEqual({ queued: 0, sent: 0, failing: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('sends a notice, once, when something owned becomes overdue within the week', async () => {
    t.setNow('2027-02-24T08:00:00.000Z'); // Wednesday: the SLA's target, the 23rd, has passed
    expect(await run()).toMatchObject({ queued: 1, sent: 1 });
    const notice = smtp.received.at(-1)!.mail;
    expect(notice.subject).toMatch(/^Transition tracker: \d+ things? you own (has|have) become overdue$/);
    expect(notice.text).toContain('OVERDUE SLA-PAY');
    expect(await run()).toMatchObject({ queued: 0, sent: 0 });
    expect(smtp.received).toHaveLength(2);
  });

  it('sends a notice, once, when something owned starts to hold up go-live: a step given to them, or an item registered late', async () => {
    t.setNow('2027-02-25T08:00:00.000Z');
    const api = (path: string) => `/api/programmes/${programmeId}${path}`;
    const contract = (await t.http().get(api('/contracts')).expect(200)).body.items[0].id as string;
    // The contract's novation is handed to the payroll lead; then a system turns up.
    await t.http().put(api(`/contracts/${contract}/step-owners/contracts.novation`)).send({ owner: 'Council HR — payroll lead' }).expect(200);
    await t.http().post(api('/systems')).send({ reference: 'SYS-PAY', name: 'ResourceLink', category: 'finance', migrationNeeded: false, owner: 'Council HR — payroll lead' }).expect(201);
    expect(await run()).toMatchObject({ queued: 1, sent: 1 });
    const notice = smtp.received.at(-1)!.mail;
    expect(notice.subject).toMatch(/^Transition tracker: \d+ things you own now hold up go-live$/);
    expect(notice.text).toContain('Now holding up go-live:');
    expect(notice.text).toContain('- NCC-0412: ');
    expect(notice.text).toContain('- SYS-PAY: ');
    expect(notice.text).not.toContain('SLA-PAY');
    expect(await run()).toMatchObject({ queued: 0, sent: 0 });
    expect(smtp.received).toHaveLength(3);
  });

  it('retries a send the mail server refuses, shows it failing to administrators, and delivers it later', async () => {
    t.setNow('2027-03-08T08:00:00.000Z'); // the next Monday: the digest is due
    smtp.control.refuse = 1;
    expect(await run()).toEqual({ queued: 1, sent: 0, failing: 1 });
    const status = (await t.http().get('/api/admin/reminders').expect(200)).body;
    expect(status).toMatchObject({ on: true, failing: 1 });
    expect(status.recent[0]).toMatchObject({ kind: 'weekly', attempts: 1, lastError: expect.stringContaining('Mailbox busy') });
    // Not before its backoff has passed; then delivered.
    expect(await run()).toMatchObject({ sent: 0, failing: 1 });
    t.setNow('2027-03-08T08:03:00.000Z');
    expect(await run()).toEqual({ queued: 0, sent: 1, failing: 0 });
    const digest = smtp.received.at(-1)!.mail;
    expect(digest.subject).toMatch(/^Transition tracker: \d+ things you own due by 22 March 2027, \d+ overdue$/);
    // The staff group's target is in May, but ELI was due 28 days before go-live: the rule's own deadline stands, and has passed.
    expect(digest.text).toContain('OVERDUE STAFF-01: Employee liability information received: due by 4 March 2027, not done — due 4 March 2027');
  });

  it('stops when the person opts out, or an administrator stops them', async () => {
    await t.http().put(`/api/users/${payroll.id}/reminders`).send({ email: false, owns: ['Council HR — payroll lead'] }).expect(200);
    t.setNow('2027-03-15T08:00:00.000Z');
    expect(await run()).toEqual({ queued: 0, sent: 0, failing: 0 });
    expect(smtp.received).toHaveLength(4);
  });

  it('is asked for on the account page, and shown to administrators on theirs', async () => {
    const session = await signInSession(t, 'payroll.lead@northshire.example', 'a long enough passphrase');
    const post = (form: Record<string, string>) =>
      request(t.app.getHttpServer()).post('/account/reminders').set('cookie', session.cookie).type('form').send(new URLSearchParams({ _csrf: session.csrf, ...form }).toString());
    const bad = await post({ email: 'yes', owns: '' }).expect(400);
    expect(summaryOf(bad.text)).toEqual(['owns: The owners you answer for must name at least one owner you answer for, to be sent reminders of what they own']);
    const done = await post({ email: 'yes', owns: 'Council HR — payroll lead\nTrust finance — payroll' }).expect(303);
    expect(done.headers.location).toBe('/account?done=reminders#reminders');
    const page = (await request(t.app.getHttpServer()).get('/account').set('cookie', session.cookie).expect(200)).text;
    expect(page).toContain('Council HR — payroll lead\nTrust finance — payroll');
    const admin = (await t.http().get('/admin/reminders').expect(200)).text;
    expect(admin).toContain('4 sent, 0 queued, 0 failing');
    expect(admin).toContain('payroll.lead@northshire.example');
    expect(admin).toContain('Notice: ');
  });

  withChromium('the account page’s reminders and the administrators’ page pass axe', async () => {
    expect(await violationsOnPages(t, ADMIN_TOKEN, ['/admin/reminders', '/account'])).toEqual({});
  });
});
