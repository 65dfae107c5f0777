import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParsedMail, simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { SignedDigest, keyFingerprint, loadPublicKey, verifyExport } from '@tracker/audit';
import { PeriodicDigests } from '../src/audit/periodic-digests';
import { run as verifyExportCli } from '../src/cli/verify-export';
import { Witnesses } from '../src/audit/witnesses/witnesses';
import { contractBody, registerProgramme } from './support/fixtures';
import { ADMIN_PASSWORD, startTestApp } from './support/test-app';
import { accessibilityViolations } from './support/browser';

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ');
const later = (instant: string, seconds: number) => new Date(Date.parse(instant) + seconds * 1000).toISOString();

/** A real SMTP server on a free port, keeping every message that arrives, parsed. */
async function startSmtp(auth?: { user: string; pass: string }) {
  const received: { to: string[]; mail: ParsedMail }[] = [];
  const server = new SMTPServer({
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(credentials, _session, callback) {
      if (credentials.username === auth?.user && credentials.password === auth?.pass) return callback(null, { user: credentials.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A webhook receiver that answers `failures` times with 500, then 200. */
async function startWebhook(failures: number) {
  const requests: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
  const receiver = { failures };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answered = receiver.failures > 0 ? 500 : 200;
      if (receiver.failures > 0) receiver.failures -= 1;
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered === 200 ? 'kept' : 'down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/witness`;
  return { url, requests, receiver, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const NOW = '2026-11-22T10:00:00.000Z';

describe('witnesses outside the server', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const started = async (env: Record<string, string>, startAt = NOW) => {
    const t = await startTestApp({ DIGEST_INTERVAL_MINUTES: '0', ...env }, startAt);
    cleanups.push(() => t.close());
    return t;
  };

  describe('by email', () => {
    it('sends each digest as it is taken, naming the key’s fingerprint, with an attachment verify-export accepts as it is', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.close);
      const t = await started({ WITNESS_EMAIL_TO: 'secretary@board.example, dfe.lead@education.example', WITNESS_EMAIL_FROM: 'tracker@northshire.example', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      const programmeId = await registerProgramme(t);
      const at = (path: string) => `/api/programmes/${programmeId}${path}`;
      await t.http().post(at('/contracts')).send(contractBody).expect(201);
      const taken: SignedDigest = (await t.http().post(at('/digests')).send({}).expect(201)).body;
      await t.app.get(Witnesses).deliverDue();

      expect(smtp.received).toHaveLength(1);
      const [{ to, mail }] = smtp.received;
      expect(to).toEqual(['secretary@board.example', 'dfe.lead@education.example']);
      expect(mail.from?.text).toBe('tracker@northshire.example');
      expect(mail.subject).toBe(`Signed digest of Northshire children’s services transition: position ${taken.position}, 2 events`);
      // The fingerprint of the key that really checks the server's digests, worked out here from that key.
      const { body: listed } = await t.http().get(at('/digests')).expect(200);
      const fingerprint = keyFingerprint(loadPublicKey(listed.publicKey));
      expect(mail.text).toContain(`Key fingerprint:  ${fingerprint}`);
      expect(mail.text).toContain('Compare the key fingerprint above with the one you hold independently');
      const file = `digest-${programmeId}-${taken.position}.json`;
      expect(mail.text).toContain(`npm run verify-export -- audit.jsonl ${file} public-key.pem --fingerprint <the fingerprint you hold>`);
      expect(mail.text).toContain(`Events covered:   2`);

      const attachment = mail.attachments.find((a) => a.filename === file)!;
      expect(attachment).toBeDefined();
      const folder = mkdtempSync(join(tmpdir(), 'witness-mail-'));
      cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
      writeFileSync(join(folder, file), attachment.content);
      const saved = readFileSync(join(folder, file), 'utf8');
      expect(JSON.parse(saved)).toEqual([taken]);
      const key = mail.attachments.find((a) => a.filename === 'public-key.pem')!.content.toString('utf8');
      expect(keyFingerprint(loadPublicKey(key))).toBe(fingerprint);

      const exported = (await t.http().get(at('/audit?format=jsonl')).expect(200)).text;
      expect(verifyExport(exported, saved, key, { trustedFingerprint: fingerprint })).toMatchObject({ valid: true, events: 2, keyPinned: true });
      // The auditor's command, as the email gives it, over the files as they arrived.
      writeFileSync(join(folder, 'audit.jsonl'), exported);
      writeFileSync(join(folder, 'public-key.pem'), key);
      let printed = '';
      const status = verifyExportCli([join(folder, 'audit.jsonl'), join(folder, file), join(folder, 'public-key.pem'), '--fingerprint', fingerprint], (text) => (printed += text), (text) => (printed += text));
      expect({ status, printed }).toEqual({ status: 0, printed: expect.stringContaining('Checked against the key you hold') });
      // And the emailed digest catches an export changed since it was sent.
      const altered = exported.replace('Carefirst Ltd', 'Carefree Ltd');
      expect(altered).not.toBe(exported);
      expect(verifyExport(altered, saved, key, { trustedFingerprint: fingerprint })).toMatchObject({ valid: false });
    });

    it('signs in to the mail server with the user and password in SMTP_URL, and never shows the password', async () => {
      const smtp = await startSmtp({ user: 'tracker', pass: 's3cret-pass' });
      cleanups.push(smtp.close);
      const t = await started({ WITNESS_EMAIL_TO: 'secretary@board.example', SMTP_URL: `smtp://tracker:s3cret-pass@127.0.0.1:${smtp.port}` });
      const programmeId = await registerProgramme(t);
      await t.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201);
      await t.app.get(Witnesses).deliverDue();
      expect(smtp.received).toHaveLength(1);
      const { body } = await t.http().get('/api/admin/witnesses').expect(200);
      expect(body.witnesses).toEqual([{ kind: 'email', target: `secretary@board.example, from transition-tracker@localhost through smtp://tracker:***@127.0.0.1:${smtp.port}` }]);
      expect(JSON.stringify(body)).not.toContain('s3cret-pass');
      expect((await t.http().get('/admin/witnesses').expect(200)).text).not.toContain('s3cret-pass');
    });

    it('keeps the decision and its digest when the mail server refuses, and shows the refusal until it is fixed', async () => {
      const smtp = await startSmtp({ user: 'tracker', pass: 'right' });
      cleanups.push(smtp.close);
      const t = await started({ WITNESS_EMAIL_TO: 'secretary@board.example', SMTP_URL: `smtp://tracker:wrong@127.0.0.1:${smtp.port}` });
      const programmeId = await registerProgramme(t);
      await t.http().post(`/api/programmes/${programmeId}/decisions`).send({ type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }).expect(201);
      await t.app.get(Witnesses).deliverDue();

      expect(smtp.received).toHaveLength(0);
      const { body: digests } = await t.http().get(`/api/programmes/${programmeId}/digests`).expect(200);
      expect(digests.items).toHaveLength(1);
      const { body: health } = await t.http().get('/health').expect(200);
      expect(health.ready).toBe(true);
      expect(health.witnesses).toMatchObject({ configured: ['email'], pending: 1, failing: 1, oldestPendingSeconds: 0, lastError: expect.stringMatching(/^email: .*Invalid username or password/) });
      expect(health.witnesses.problem).toContain('1 delivery to witnesses not yet made');
    });
  });

  describe('by webhook', () => {
    it('retries with backoff, shows the failure in health and on the page while it fails, then delivers a body signed with the secret', async () => {
      const hook = await startWebhook(2);
      cleanups.push(hook.close);
      const secret = 'a-shared-secret-of-some-length';
      const t = await started({ WITNESS_WEBHOOK_URL: hook.url, WITNESS_WEBHOOK_SECRET: secret });
      const witnesses = t.app.get(Witnesses);
      const programmeId = await registerProgramme(t);
      const taken: SignedDigest = (await t.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201)).body;
      await witnesses.deliverDue();
      expect(hook.requests.map((r) => r.answered)).toEqual([500]);

      const { body: health } = await t.http().get('/health').expect(200);
      expect(health.ready).toBe(true);
      expect(health.witnesses).toMatchObject({ configured: ['webhook'], pending: 1, failing: 1, lastError: 'webhook: the webhook answered HTTP 500 Internal Server Error' });
      const page = textOf((await t.http().get('/admin/witnesses').expect(200)).text);
      expect(page).toContain('Not every digest has reached its witnesses');
      expect(page).toMatch(/Failing .*1 attempt; next attempt .* Last error: the webhook answered HTTP 500/);
      let { body: admin } = await t.http().get('/api/admin/witnesses').expect(200);
      expect(admin.deliveries).toEqual([expect.objectContaining({ witness: 'webhook', state: 'failing', attempts: 1, nextAttemptAt: later(NOW, 30) })]);

      // Not due yet: nothing is sent.
      t.setNow(later(NOW, 29));
      await witnesses.deliverDue();
      expect(hook.requests).toHaveLength(1);
      t.setNow(later(NOW, 30));
      await witnesses.deliverDue();
      expect(hook.requests.map((r) => r.answered)).toEqual([500, 500]);
      ({ body: admin } = await t.http().get('/api/admin/witnesses').expect(200));
      // Twice as long the second time.
      expect(admin.deliveries[0]).toMatchObject({ state: 'failing', attempts: 2, nextAttemptAt: later(NOW, 90) });
      t.setNow(later(NOW, 90));
      await witnesses.deliverDue();
      expect(hook.requests.map((r) => r.answered)).toEqual([500, 500, 200]);

      const { body: after } = await t.http().get('/health').expect(200);
      expect(after.witnesses).toEqual({ configured: ['webhook'], pending: 0, failing: 0 });
      ({ body: admin } = await t.http().get('/api/admin/witnesses').expect(200));
      expect(admin.deliveries[0]).toMatchObject({ state: 'delivered', attempts: 3, deliveredAt: later(NOW, 90) });
      expect(textOf((await t.http().get('/admin/witnesses').expect(200)).text)).toMatch(/Delivered .* at attempt 3/);

      const delivered = hook.requests[2];
      expect(delivered.headers['content-type']).toBe('application/json');
      expect(delivered.headers['x-tracker-signature']).toBe(`sha256=${createHmac('sha256', secret).update(delivered.body).digest('hex')}`);
      const { body: listed } = await t.http().get(`/api/programmes/${programmeId}/digests`).expect(200);
      expect(JSON.parse(delivered.body)).toEqual({
        digest: taken,
        keyFingerprint: keyFingerprint(loadPublicKey(listed.publicKey)),
        programme: { id: programmeId, name: 'Northshire children’s services transition' },
      });
      // Each attempt carried the same delivery.
      expect(new Set(hook.requests.map((r) => r.headers['x-tracker-delivery'])).size).toBe(1);
    });

    it('tries every undelivered digest again at once when an administrator asks, from the API or the page', async () => {
      const hook = await startWebhook(1000);
      cleanups.push(hook.close);
      const t = await started({ WITNESS_WEBHOOK_URL: hook.url });
      const programmeId = await registerProgramme(t);
      await t.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201);
      t.setNow(later(NOW, 1));
      await t.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201);
      await t.app.get(Witnesses).deliverDue();
      expect(hook.requests).toHaveLength(2);
      expect((await t.http().post('/api/admin/witnesses/retry').expect(200)).body).toEqual({ tried: 2, undelivered: 2 });
      expect(hook.requests).toHaveLength(4);
      expect(textOf((await t.http().get('/admin/witnesses').expect(200)).text)).toContain('Try every undelivered digest again now');

      hook.receiver.failures = 0;
      await t.http().post('/admin/witnesses/retry').expect(303).expect('location', '/admin/witnesses?done=retried');
      expect(hook.requests.map((r) => r.answered)).toEqual([500, 500, 500, 500, 200, 200]);
      const page = textOf((await t.http().get('/admin/witnesses?done=retried').expect(200)).text);
      expect(page).toContain('Every undelivered digest has been tried again');
      expect(page).not.toContain('Try every undelivered digest again now');
      expect((await t.http().get('/health').expect(200)).body.witnesses).toEqual({ configured: ['webhook'], pending: 0, failing: 0 });
    });

    it('keeps a pending delivery through a restart, even with the read store deleted, and makes it then', async () => {
      const hook = await startWebhook(1000);
      cleanups.push(hook.close);
      const dataDir = mkdtempSync(join(tmpdir(), 'witness-restart-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const env = { DATA_DIR: dataDir, WITNESS_WEBHOOK_URL: hook.url, DIGEST_INTERVAL_MINUTES: '0' };
      const first = await startTestApp(env, NOW);
      const programmeId = await registerProgramme(first);
      const taken: SignedDigest = (await first.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201)).body;
      await first.app.get(Witnesses).deliverDue();
      expect(hook.requests).toHaveLength(1);
      await first.close();
      for (const file of ['read-models.sqlite', 'read-models.sqlite-wal', 'read-models.sqlite-shm']) if (existsSync(join(dataDir, file))) unlinkSync(join(dataDir, file));

      hook.receiver.failures = 0;
      const second = await startTestApp(env, later(NOW, 1));
      cleanups.push(() => second.close());
      await second.app.get(Witnesses).deliverDue();
      expect(hook.requests.map((r) => r.answered)).toEqual([500, 200]);
      expect(JSON.parse(hook.requests[1].body).digest).toEqual(taken);
      const { body: health } = await second.http().get('/health').expect(200);
      expect(health.witnesses).toEqual({ configured: ['webhook'], pending: 0, failing: 0 });
    });
  });

  describe('every recorded digest, and only those, reaches the witnesses', () => {
    it('answers a retried take (same Idempotency-Key) with the digest first recorded, and witnesses nothing new', async () => {
      const hook = await startWebhook(0);
      cleanups.push(hook.close);
      const t = await started({ WITNESS_WEBHOOK_URL: hook.url });
      const programmeId = await registerProgramme(t);
      const take = () => t.http().post(`/api/programmes/${programmeId}/digests`).set('idempotency-key', 'take-1').send({}).expect(201);
      const first: SignedDigest = (await take()).body;
      t.setNow(later(NOW, 60));
      const retried: SignedDigest = (await take()).body;

      expect(retried).toEqual(first);
      const { body: listed } = await t.http().get(`/api/programmes/${programmeId}/digests`).expect(200);
      expect(listed.items).toEqual([first]);
      await t.app.get(Witnesses).deliverDue();
      expect(hook.requests.map((r) => JSON.parse(r.body).digest)).toEqual([first]);
    });

    it('queues at start-up a digest recorded but never queued (a crash between the two), and sends none twice', async () => {
      const hook = await startWebhook(0);
      cleanups.push(hook.close);
      const dataDir = mkdtempSync(join(tmpdir(), 'witness-reconcile-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const env = { DATA_DIR: dataDir, WITNESS_WEBHOOK_URL: hook.url, DIGEST_INTERVAL_MINUTES: '0' };
      const first = await startTestApp(env, NOW);
      const programmeId = await registerProgramme(first);
      const witnessed: SignedDigest = (await first.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201)).body;
      await first.app.get(Witnesses).deliverDue();
      await first.http().post(`/api/programmes/${programmeId}/contracts`).send(contractBody).expect(201);
      // The process dies after the digest is recorded and before it is queued.
      const enqueue = jest.spyOn(first.app.get(Witnesses), 'witness').mockImplementation(() => undefined);
      first.setNow(later(NOW, 60));
      const lost: SignedDigest = (await first.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201)).body;
      first.setNow(later(NOW, 90));
      const lostToo: SignedDigest = (await first.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201)).body;
      enqueue.mockRestore();
      await first.app.get(Witnesses).deliverDue();
      expect(hook.requests).toHaveLength(1);
      await first.close();

      const second = await startTestApp(env, later(NOW, 120));
      await second.app.get(Witnesses).deliverDue();
      // Every digest recorded since the last look, not only the newest.
      expect(hook.requests.map((r) => JSON.parse(r.body).digest)).toEqual([witnessed, lost, lostToo]);
      await second.close();

      const third = await startTestApp(env, later(NOW, 180));
      cleanups.push(() => third.close());
      await third.app.get(Witnesses).deliverDue();
      expect(hook.requests).toHaveLength(3);
    });

    it('sends a newly configured witness the newest digest of each programme, not its whole history', async () => {
      const hook = await startWebhook(0);
      cleanups.push(hook.close);
      const dataDir = mkdtempSync(join(tmpdir(), 'witness-new-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const first = await startTestApp({ DATA_DIR: dataDir, DIGEST_INTERVAL_MINUTES: '0' }, NOW);
      const programmeId = await registerProgramme(first);
      await first.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201);
      await first.http().post(`/api/programmes/${programmeId}/contracts`).send(contractBody).expect(201);
      const newest: SignedDigest = (await first.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201)).body;
      await first.close();

      const second = await startTestApp({ DATA_DIR: dataDir, DIGEST_INTERVAL_MINUTES: '0', WITNESS_WEBHOOK_URL: hook.url }, later(NOW, 60));
      cleanups.push(() => second.close());
      await second.app.get(Witnesses).deliverDue();
      expect(hook.requests.map((r) => JSON.parse(r.body).digest)).toEqual([newest]);
    });
  });

  describe('periodic digests', () => {
    it('takes a digest of each programme whose history changed since its newest digest, and none of one that did not, as the system', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.close);
      const t = await started({ DIGEST_INTERVAL_MINUTES: '60', WITNESS_EMAIL_TO: 'secretary@board.example', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      const periodic = t.app.get(PeriodicDigests);
      const a = await registerProgramme(t);
      const b = await registerProgramme(t, { name: 'Southshire transition' });
      const digestsOf = async (id: string): Promise<SignedDigest[]> => (await t.http().get(`/api/programmes/${id}/digests`).expect(200)).body.items;

      expect((await periodic.runOnce()).sort()).toEqual([a, b].sort());
      expect(await periodic.runOnce()).toEqual([]);
      await t.http().post(`/api/programmes/${a}/contracts`).send(contractBody).expect(201);
      expect(await periodic.runOnce()).toEqual([a]);
      expect(await periodic.runOnce()).toEqual([]);

      const ofA = await digestsOf(a);
      expect(ofA.map((d) => [d.reason, d.eventCount])).toEqual([
        ['periodic', 1],
        ['periodic', 2],
      ]);
      expect((await digestsOf(b)).map((d) => d.reason)).toEqual(['periodic']);
      // A digest someone asked for covers the change: the round after it takes none.
      await t.http().post(`/api/programmes/${b}/notes`).send({ target: { kind: 'programme' }, text: 'Board pack sent' }).expect(201);
      await t.http().post(`/api/programmes/${b}/digests`).send({}).expect(201);
      expect(await periodic.runOnce()).toEqual([]);

      const recorded = (await t.events()).filter((e) => e.type === 'DigestRecorded' && (e.data as { digest: SignedDigest }).digest.reason === 'periodic');
      expect(recorded).toHaveLength(3);
      expect(recorded.every((e) => e.metadata.userId === 'system' && e.metadata.role === 'system')).toBe(true);
      // Periodic digests are witnessed like any other.
      await t.app.get(Witnesses).deliverDue();
      expect(smtp.received.map((m) => m.mail.subject)).toHaveLength(4);
    });

    it('sets no timer while DIGEST_INTERVAL_MINUTES is 0, and an unref’d one otherwise', async () => {
      const t = await started({ DIGEST_INTERVAL_MINUTES: '0' });
      const a = await registerProgramme(t);
      expect((t.app.get(PeriodicDigests) as unknown as { timer?: unknown }).timer).toBeUndefined();
      expect((await t.http().get(`/api/programmes/${a}/digests`).expect(200)).body.items).toEqual([]);
      const hourly = await started({ DIGEST_INTERVAL_MINUTES: '60' });
      const timer = (hourly.app.get(PeriodicDigests) as unknown as { timer?: NodeJS.Timeout }).timer;
      expect(timer).toBeDefined();
      // Unref'd, so that it never keeps the process alive on its own.
      expect(timer!.hasRef()).toBe(false);
    });
  });

  describe('the witnesses page', () => {
    it('is for administrators, linked from the programmes and audit pages, and says when no witness is configured', async () => {
      const t = await started({});
      const programmeId = await registerProgramme(t);
      expect((await t.http().get('/programmes').expect(200)).text).toContain('href="/admin/witnesses"');
      expect((await t.http().get(`/programmes/${programmeId}/audit`).expect(200)).text).toContain('href="/admin/witnesses"');
      const page = textOf((await t.http().get('/admin/witnesses').expect(200)).text);
      expect(page).toContain('No witnesses are configured');
      expect(page).toContain('Off ( DIGEST_INTERVAL_MINUTES=0 )');

      const userId = (await t.http().post('/api/users').send({ email: 'auditor@tracker.example', name: 'An Auditor' }).expect(201)).body.id;
      await t.http().post(`/api/programmes/${programmeId}/members`).send({ userId, role: 'auditor' }).expect(201);
      const token = (await t.http().post(`/api/users/${userId}/tokens`).send({}).expect(201)).body.token;
      await t.http(token).get('/admin/witnesses').expect(403);
      await t.http(token).get('/api/admin/witnesses').expect(403);
      expect((await t.http(token).get(`/programmes/${programmeId}/audit`).expect(200)).text).not.toContain('href="/admin/witnesses"');
    });
  });
  describe('the witnesses page in a browser', () => {
    const CHROMIUM = '/usr/bin/chromium';
    (existsSync(CHROMIUM) ? it : it.skip)('has no accessibility violations while a delivery fails and another was made', async () => {
      const smtp = await startSmtp();
      cleanups.push(smtp.close);
      const hook = await startWebhook(1000);
      cleanups.push(hook.close);
      const t = await started({ WITNESS_EMAIL_TO: 'secretary@board.example', SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, WITNESS_WEBHOOK_URL: hook.url });
      const programmeId = await registerProgramme(t);
      await t.http().post(`/api/programmes/${programmeId}/digests`).send({}).expect(201);
      await t.app.get(Witnesses).deliverDue();
      await t.app.listen(0, '127.0.0.1');
      const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
      cleanups.push(() => browser.close());
      const page = await browser.newPage({ bypassCSP: true }); // only so that axe-core can be injected
      await page.goto(`${base}/`);
      await page.fill('#email', 'admin@localhost');
      await page.fill('#password', ADMIN_PASSWORD);
      await page.click('button:has-text("Sign in")');
      await page.waitForURL(`${base}/programmes`);
      await page.click('a[href="/admin/witnesses"]');
      expect(await page.textContent('h1')).toBe('Witnesses of the signed digests');
      expect(await page.locator('.govuk-tag--green').count()).toBe(1);
      expect(await page.locator('.govuk-tag--red').count()).toBe(1);
      expect(await accessibilityViolations(page)).toEqual([]);
    }, 60_000);
  });
});
