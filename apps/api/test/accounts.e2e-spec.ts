import { existsSync } from 'node:fs';
import { chromium, Browser } from 'playwright-core';
import request from 'supertest';
import { loadConfig } from '../src/config/config';
import { ADMIN_PASSWORD, ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';
import { accessibilityViolations } from './support/browser';

const PASSWORD = 'a long enough passphrase';
const NEW_PASSWORD = 'another long passphrase';

describe('sessions and accounts an administrator can control', () => {
  let t: TestApp;
  const anonymous = () => request(t.app.getHttpServer());
  const cookieOf = (response: request.Response, name: string) =>
    ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
  const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

  /** A browser: its session cookie and the CSRF token its pages carry. */
  interface SignedIn {
    readonly cookie: string;
    readonly csrf: string;
  }

  async function signIn(email: string, password = PASSWORD, status = 303): Promise<SignedIn> {
    const form = await anonymous().get('/sign-in').expect(200);
    const pre = cookieOf(form, 'tracker_sign_in')!.split(';')[0];
    const signed = await anonymous().post('/sign-in').set('cookie', pre).type('form').send({ email, password, _csrf: formToken(form.text) }).expect(status);
    if (status !== 303) return { cookie: '', csrf: '' };
    const cookie = cookieOf(signed, 'tracker_session')!.split(';')[0];
    const page = await anonymous().get('/account').set('cookie', cookie).expect(200);
    return { cookie, csrf: formToken(page.text) };
  }
  /** A JSON request from a browser's session, with its CSRF token as the pages' scripts send it. */
  const asBrowser = (b: SignedIn) => ({
    get: (url: string) => anonymous().get(url).set('cookie', b.cookie),
    post: (url: string) => anonymous().post(url).set('cookie', b.cookie).set('x-csrf-token', b.csrf),
    put: (url: string) => anonymous().put(url).set('cookie', b.cookie).set('x-csrf-token', b.csrf),
    delete: (url: string) => anonymous().delete(url).set('cookie', b.cookie).set('x-csrf-token', b.csrf),
    form: (url: string, fields: Record<string, string>) => anonymous().post(url).set('cookie', b.cookie).type('form').send({ ...fields, _csrf: b.csrf }),
  });
  /** Whether the browser is still signed in: a page answers 200, or sends it to sign in. */
  const signedIn = async (b: SignedIn) => (await anonymous().get('/account').set('cookie', b.cookie)).status === 200;

  /** A user with a password and a token of their own. */
  async function person(email = 'ann@tracker.example') {
    const id = (await t.http().post('/api/users').send({ email, name: 'Ann Adviser' }).expect(201)).body.id as string;
    await t.http().put(`/api/users/${id}/password`).send({ password: PASSWORD }).expect(200);
    const issued = (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body;
    return { id, email, token: issued.token as string, tokenId: issued.id as string };
  }

  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => t.close());

  describe('the current password, from a browser session', () => {
    it('is needed to issue yourself a token: refused without it or wrong, naming the field and writing nothing; granted with it', async () => {
      const ann = await person();
      const browser = asBrowser(await signIn(ann.email));
      const before = (await t.events()).length;
      const missing = await browser.post(`/api/users/${ann.id}/tokens`).send({}).expect(400);
      expect(missing.body.details).toEqual([{ field: 'currentPassword', problem: expect.stringContaining('is required') }]);
      const wrong = await browser.post(`/api/users/${ann.id}/tokens`).send({ currentPassword: 'not my password at all' }).expect(400);
      expect(wrong.body.details).toEqual([{ field: 'currentPassword', problem: 'is not your current password' }]);
      expect((await t.events()).length).toBe(before);

      const issued = await browser.post(`/api/users/${ann.id}/tokens`).send({ currentPassword: PASSWORD }).expect(201);
      await t.http(issued.body.token).get('/api/me').expect(200);
    });

    it('is needed to change your own password from a session, and not with a token', async () => {
      const ann = await person();
      const browser = asBrowser(await signIn(ann.email));
      const before = (await t.events()).length;
      const missing = await browser.put(`/api/users/${ann.id}/password`).send({ password: NEW_PASSWORD }).expect(400);
      expect(missing.body.details).toEqual([{ field: 'currentPassword', problem: expect.stringContaining('is required') }]);
      await browser.put(`/api/users/${ann.id}/password`).send({ password: NEW_PASSWORD, currentPassword: 'wrong wrong wrong' }).expect(400);
      expect((await t.events()).length).toBe(before);
      await browser.put(`/api/users/${ann.id}/password`).send({ password: NEW_PASSWORD, currentPassword: PASSWORD }).expect(200);
      await signIn(ann.email, NEW_PASSWORD);
      // Automation has no password to give: its token is its credential.
      await t.http(ann.token).put(`/api/users/${ann.id}/password`).send({ password: PASSWORD }).expect(200);
    });

    it('is not asked of an administrator’s session acting on someone else', async () => {
      const ann = await person();
      const admin = asBrowser(await signIn('admin@localhost', ADMIN_PASSWORD));
      await admin.post(`/api/users/${ann.id}/tokens`).send({}).expect(201);
      await admin.put(`/api/users/${ann.id}/password`).send({ password: NEW_PASSWORD }).expect(200);
      // Their own, though, it is.
      await admin.post(`/api/users/${ADMIN_USER_ID}/tokens`).send({}).expect(400);
    });

    it('cannot be guessed faster than signing in: wrong guesses count against the same throttle', async () => {
      const ann = await person();
      const browser = asBrowser(await signIn(ann.email));
      for (let i = 0; i < 3; i++) await browser.post(`/api/users/${ann.id}/tokens`).send({ currentPassword: `guess number ${i}` }).expect(400);
      const limited = await browser.post(`/api/users/${ann.id}/tokens`).send({ currentPassword: PASSWORD }).expect(429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    });
  });

  describe('a token’s lifetime', () => {
    it('is at most API_TOKEN_MAX_DAYS (366 by default) from now: 9999 is refused naming expiresAt, and nothing is written', async () => {
      const before = (await t.events()).length;
      const far = await t.http().post(`/api/users/${ADMIN_USER_ID}/tokens`).send({ expiresAt: '9999-12-31T00:00:00Z' }).expect(400);
      expect(far.body.details).toEqual([{ field: 'expiresAt', problem: 'must be at most 366 days from now (2027-11-23T10:00:00.000Z at the latest)' }]);
      await t.http().post(`/api/users/${ADMIN_USER_ID}/tokens`).send({ expiresAt: '2027-11-23T10:00:00.001Z' }).expect(400);
      expect((await t.events()).length).toBe(before);
      await t.http().post(`/api/users/${ADMIN_USER_ID}/tokens`).send({ expiresAt: '2027-11-23T10:00:00.000Z' }).expect(201);
    });

    it('follows the configured cap, which must be a whole number of days', async () => {
      await t.close();
      t = await startTestApp({ API_TOKEN_MAX_DAYS: '30' });
      await t.http().post(`/api/users/${ADMIN_USER_ID}/tokens`).send({ expiresAt: '2026-12-23T10:00:00Z' }).expect(400);
      const issued = await t.http().post(`/api/users/${ADMIN_USER_ID}/tokens`).send({}).expect(201);
      expect(issued.body.expiresAt).toBe('2026-12-22T10:00:00.000Z'); // the default 90 days, shortened to the cap
      expect(() => loadConfig({ API_TOKEN_MAX_DAYS: '0' })).toThrow('API_TOKEN_MAX_DAYS must be a whole number from 1 to 3660');
      expect(() => loadConfig({ API_TOKEN_MAX_DAYS: 'a year' })).toThrow('API_TOKEN_MAX_DAYS');
    });
  });

  describe('a password reset', () => {
    it('by an administrator revokes the user’s tokens and ends their sessions, as events: the token answers 401 and the browser is sent to sign in', async () => {
      const ann = await person();
      const session = await signIn(ann.email);
      await t.http(ann.token).get('/api/me').expect(200);
      const before = (await t.events()).length;
      await t.http().put(`/api/users/${ann.id}/password`).send({ password: NEW_PASSWORD }).expect(200);

      await t.http(ann.token).get('/api/me').expect(401);
      const page = await anonymous().get('/programmes').set('cookie', session.cookie).expect(303);
      expect(page.headers.location).toBe('/sign-in?next=%2Fprogrammes');
      const written = (await t.events()).slice(before);
      expect(written.map((e) => [e.type, e.data])).toEqual([
        ['UserPasswordSet', expect.any(Object)],
        ['ApiTokenRevoked', { userId: ann.id, tokenId: ann.tokenId, reason: 'password-reset' }],
        ['UserSessionsEnded', { userId: ann.id, reason: 'password-reset' }],
      ]);
      expect(written.every((e) => e.streamId === `user-${ann.id}` && e.metadata.userId === ADMIN_USER_ID)).toBe(true);
      await signIn(ann.email, PASSWORD, 401);
      await signIn(ann.email, NEW_PASSWORD);
    });

    it('of your own ends your other sessions, not this one, and your tokens keep working', async () => {
      const ann = await person();
      const here = await signIn(ann.email);
      const elsewhere = await signIn(ann.email);
      await asBrowser(here).put(`/api/users/${ann.id}/password`).send({ password: NEW_PASSWORD, currentPassword: PASSWORD }).expect(200);
      expect(await signedIn(here)).toBe(true);
      expect(await signedIn(elsewhere)).toBe(false);
      await t.http(ann.token).get('/api/me').expect(200);
    });
  });

  describe('tokens and sessions, listed and ended', () => {
    it('lists a user’s tokens without their hashes and their sessions by a short reference', async () => {
      const ann = await person();
      const browser = await signIn(ann.email);
      await t.http().delete(`/api/users/${ann.id}/tokens/${ann.tokenId}`).expect(200);
      const tokens = (await t.http().get(`/api/users/${ann.id}/tokens`).expect(200)).body.items;
      expect(tokens).toEqual([{ id: ann.tokenId, issuedAt: '2026-11-22T10:00:00.000Z', expiresAt: '2027-02-20T10:00:00.000Z', revoked: true }]);
      expect(JSON.stringify(tokens)).not.toMatch(/[0-9a-f]{64}/);

      const sessions = (await asBrowser(browser).get(`/api/users/${ann.id}/sessions`).expect(200)).body.items;
      expect(sessions).toEqual([{ ref: expect.stringMatching(/^[0-9a-f]{12}$/), startedAt: '2026-11-22T10:00:00.000Z', expiresAt: '2026-11-22T22:00:00.000Z', current: true }]);
      expect(browser.cookie).not.toContain(sessions[0].ref);
      expect((await t.http().get(`/api/users/${ann.id}`).expect(200)).body).toEqual({ id: ann.id, email: ann.email, name: 'Ann Adviser', administrator: false, disabled: false, memberships: [] });
    });

    it('ends one session, or every one, and answers 404 for a session that is not running', async () => {
      const ann = await person();
      const [first, second, third] = [await signIn(ann.email), await signIn(ann.email), await signIn(ann.email)];
      const refs = (await t.http().get(`/api/users/${ann.id}/sessions`).expect(200)).body.items.map((s: { ref: string }) => s.ref);
      const firstRef = (await asBrowser(first).get(`/api/users/${ann.id}/sessions`).expect(200)).body.items.find((s: { current: boolean }) => s.current).ref;
      expect(refs).toHaveLength(3);

      await t.http().delete(`/api/users/${ann.id}/sessions/${firstRef}`).expect(200);
      expect([await signedIn(first), await signedIn(second), await signedIn(third)]).toEqual([false, true, true]);
      const before = (await t.events()).length;
      await t.http().delete(`/api/users/${ann.id}/sessions/${firstRef}`).expect(404);
      expect((await t.events()).length).toBe(before);

      // From your own session: every other one.
      await asBrowser(second).delete(`/api/users/${ann.id}/sessions`).expect(200);
      expect([await signedIn(second), await signedIn(third)]).toEqual([true, false]);
      await t.http().delete(`/api/users/${ann.id}/sessions`).expect(200);
      expect(await signedIn(second)).toBe(false);
      expect((await t.events()).slice(before).map((e) => [e.type, (e.data as { reason?: string }).reason])).toEqual([
        ['UserSessionsEnded', 'signed-out-elsewhere'],
        ['UserSessionsEnded', 'ended-by-administrator'],
      ]);
    });
  });

  describe('disabling an account', () => {
    it('stops its tokens and sessions at once and fails its sign-in as a wrong password would; enabled, the token works again', async () => {
      const ann = await person();
      const browser = await signIn(ann.email);
      await t.http().post(`/api/users/${ann.id}/disable`).expect(200);

      await t.http(ann.token).get('/api/me').expect(401);
      expect(await signedIn(browser)).toBe(false);
      const form = await anonymous().get('/sign-in').expect(200);
      const pre = cookieOf(form, 'tracker_sign_in')!.split(';')[0];
      const refused = await anonymous().post('/sign-in').set('cookie', pre).type('form').send({ email: ann.email, password: PASSWORD, _csrf: formToken(form.text) }).expect(401);
      expect(refused.text).toContain('The email address or password is not right');
      expect((await t.http().get('/api/users').expect(200)).body.items.find((u: { id: string }) => u.id === ann.id)).toMatchObject({ disabled: true });
      await t.http().post(`/api/users/${ann.id}/disable`).expect(409);

      await t.http().post(`/api/users/${ann.id}/enable`).expect(200);
      await t.http(ann.token).get('/api/me').expect(200);
      await signIn(ann.email);
      const history = (await t.events()).filter((e) => e.type === 'UserDisabled' || e.type === 'UserEnabled');
      expect(history.map((e) => [e.type, e.streamId, e.metadata.userId])).toEqual([
        ['UserDisabled', `user-${ann.id}`, ADMIN_USER_ID],
        ['UserEnabled', `user-${ann.id}`, ADMIN_USER_ID],
      ]);
    });

    it('is for administrators only', async () => {
      const ann = await person();
      const bob = await person('bob@tracker.example');
      await t.http(ann.token).post(`/api/users/${bob.id}/disable`).expect(403);
      await t.http(ann.token).post(`/api/users/${ann.id}/disable`).expect(403);
    });
  });

  describe('administrator rights', () => {
    it('are granted and removed, each an event by the administrator who did it', async () => {
      const ann = await person();
      await t.http(ann.token).get('/api/users').expect(403);
      await t.http().put(`/api/users/${ann.id}/administrator`).expect(200);
      await t.http(ann.token).get('/api/users').expect(200);
      await t.http().put(`/api/users/${ann.id}/administrator`).expect(409);
      await t.http().delete(`/api/users/${ann.id}/administrator`).expect(200);
      await t.http(ann.token).get('/api/users').expect(403);
      const history = (await t.events()).filter((e) => e.type.startsWith('AdministratorRights'));
      expect(history.map((e) => [e.type, e.metadata.userId])).toEqual([
        ['AdministratorRightsGranted', ADMIN_USER_ID],
        ['AdministratorRightsRemoved', ADMIN_USER_ID],
      ]);
    });

    it('refuses, in words and writing nothing, to let the last administrator disable themselves or remove their own rights', async () => {
      const before = await t.events();
      const disable = await t.http().post(`/api/users/${ADMIN_USER_ID}/disable`).expect(409);
      expect(disable.body.message).toBe('You cannot disable your own account: ask another administrator; nothing was recorded.');
      const remove = await t.http().delete(`/api/users/${ADMIN_USER_ID}/administrator`).expect(409);
      expect(remove.body.message).toContain('You cannot remove your own administrator rights');
      expect(await t.events()).toEqual(before);
      await t.http().get('/api/users').expect(200);
    });

    it('let a second administrator take over: the first may then be disabled, and sign-in as them fails', async () => {
      const ann = await person();
      await t.http().put(`/api/users/${ann.id}/administrator`).expect(200);
      await t.http(ann.token).post(`/api/users/${ADMIN_USER_ID}/disable`).expect(200);
      await t.http().get('/api/me').expect(401);
      const before = await t.events();
      // Ann is now the only administrator who can sign in.
      await t.http(ann.token).delete(`/api/users/${ann.id}/administrator`).expect(409);
      await t.http(ann.token).post(`/api/users/${ann.id}/disable`).expect(409);
      expect(await t.events()).toEqual(before);
    });
  });

  describe('the pages', () => {
    it('change your password on /account with the current one: the error summary names the field, nothing is recorded, then it works', async () => {
      const ann = await person();
      const browser = await signIn(ann.email);
      const page = asBrowser(browser);
      const account = await page.get('/account').expect(200);
      expect(account.text).toContain('href="/account"');
      const before = (await t.events()).length;
      const refused = await page.form('/account/password', { password: NEW_PASSWORD }).expect(400);
      expect(refused.text).toContain('govuk-error-summary');
      expect(refused.text).toMatch(/<a href="#currentPassword">Enter your current password<\/a>/);
      expect((await t.events()).length).toBe(before);
      // The form without its CSRF token is refused.
      await anonymous().post('/account/password').set('cookie', browser.cookie).type('form').send({ password: NEW_PASSWORD, currentPassword: PASSWORD }).expect(403);

      const done = await page.form('/account/password', { password: NEW_PASSWORD, currentPassword: PASSWORD }).expect(303);
      expect(done.headers.location).toBe('/account?done=password');
      expect((await page.get('/account?done=password').expect(200)).text).toContain('Your password has been changed');
      await signIn(ann.email, NEW_PASSWORD);
    });

    it('issue a token on /account with the current password, shown once, then revoke it behind a confirmation', async () => {
      const ann = await person();
      const page = asBrowser(await signIn(ann.email));
      const refused = await page.form('/account/tokens', { expiresAt: '2027-01-31' }).expect(400);
      expect(refused.text).toMatch(/<a href="#tokenCurrentPassword">Enter your current password<\/a>/);
      const far = await page.form('/account/tokens', { expiresAt: '2099-01-31', currentPassword: PASSWORD }).expect(400);
      expect(far.text).toMatch(/<a href="#expiresAt-day">Expiry date must be at most 366 days from now/);
      const issued = await page.form('/account/tokens', { expiresAt: '2027-01-31', currentPassword: PASSWORD }).expect(201);
      const token = /data-testid="issued-token">(tt_[A-Za-z0-9_-]{43})</.exec(issued.text)![1];
      await t.http(token).get('/api/me').expect(200);
      const again = await page.get('/account').expect(200);
      expect(again.text).not.toContain(token);

      const tokenId = (await t.http(token).get(`/api/users/${ann.id}/tokens`).expect(200)).body.items.find((i: { expiresAt: string }) => i.expiresAt === '2027-01-31T00:00:00.000Z').id;
      expect(again.text).toContain(`href="/account/tokens/${tokenId}/revoke"`);
      const confirm = await page.get(`/account/tokens/${tokenId}/revoke`).expect(200);
      expect(confirm.text).toContain('Revoke the token');
      expect((await page.form(`/account/tokens/${tokenId}/revoke`, {}).expect(303)).headers.location).toBe('/account?done=token-revoked');
      await t.http(token).get('/api/me').expect(401);
    });

    it('sign out everywhere else from /account', async () => {
      const ann = await person();
      const here = await signIn(ann.email);
      const elsewhere = await signIn(ann.email);
      expect((await asBrowser(here).get('/account/sessions/end').expect(200)).text).toContain('Sign out everywhere else');
      await asBrowser(here).form('/account/sessions/end', {}).expect(303);
      expect([await signedIn(here), await signedIn(elsewhere)]).toEqual([true, false]);
    });

    it('let an administrator find a user, disable them behind a confirmation, and be refused in words for themselves', async () => {
      const ann = await person();
      const admin = asBrowser(await signIn('admin@localhost', ADMIN_PASSWORD));
      const programmes = await admin.get('/programmes').expect(200);
      expect(programmes.text).toContain('href="/admin/users"');
      const list = await admin.get('/admin/users').expect(200);
      expect(list.text).toContain(`href="/admin/users/${ann.id}"`);
      const user = await admin.get(`/admin/users/${ann.id}`).expect(200);
      expect(user.text).toContain(`/admin/users/${ann.id}/disable`);
      expect(user.text).toContain(`/admin/users/${ann.id}/tokens/${ann.tokenId}/revoke`);
      expect((await admin.get(`/admin/users/${ann.id}/disable`).expect(200)).text).toContain('Disable the account');
      const done = await admin.form(`/admin/users/${ann.id}/disable`, {}).expect(303);
      expect(done.headers.location).toBe(`/admin/users/${ann.id}?done=disable`);
      await t.http(ann.token).get('/api/me').expect(401);
      expect((await admin.get(`/admin/users/${ann.id}?done=disable`).expect(200)).text).toContain('The account has been disabled');

      const before = await t.events();
      const self = await admin.form(`/admin/users/${ADMIN_USER_ID}/disable`, {}).expect(409);
      expect(self.text).toContain('govuk-error-summary');
      expect(self.text).toContain('You cannot disable your own account');
      expect(await t.events()).toEqual(before);
      // Not for anyone else.
      // A disabled user's token on a page is sent to sign in, as no credentials would be.
      expect((await t.http(ann.token).get('/admin/users').expect(303)).headers.location).toMatch(/^\/sign-in/);
      const bob = await person('bob@tracker.example');
      const bobs = asBrowser(await signIn(bob.email));
      await bobs.get('/admin/users').expect(403);
      await bobs.form(`/admin/users/${ann.id}/enable`, {}).expect(403);
    });

    it('let an administrator reset a password, ending the user’s token and session', async () => {
      const ann = await person();
      const anns = await signIn(ann.email);
      const admin = asBrowser(await signIn('admin@localhost', ADMIN_PASSWORD));
      const short = await admin.form(`/admin/users/${ann.id}/password`, { password: 'short' }).expect(400);
      expect(short.text).toMatch(/<a href="#password">New password must be at least 12 characters/);
      await admin.form(`/admin/users/${ann.id}/password`, { password: NEW_PASSWORD }).expect(303);
      await t.http(ann.token).get('/api/me').expect(401);
      expect(await signedIn(anns)).toBe(false);
    });
  });
});

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) process.stdout.write(`Account pages in a browser SKIPPED: ${CHROMIUM} is missing.\n`);

/** The account pages in headless Chromium, with axe-core over each, as the other pages are checked. */
(haveChromium ? describe : describe.skip)('the account pages in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let annId: string;

  beforeAll(async () => {
    t = await startTestApp();
    annId = (await t.http().post('/api/users').send({ email: 'ann@tracker.example', name: 'Ann Adviser' }).expect(201)).body.id;
    await t.http().put(`/api/users/${annId}/password`).send({ password: PASSWORD }).expect(200);
    await t.http().post(`/api/users/${annId}/tokens`).send({}).expect(201);
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('are reachable from the header, work without mistakes for axe, and show the error summary', async () => {
    const page = await browser.newPage({ bypassCSP: true }); // only so that axe-core can be injected
    await page.goto(`${base}/sign-in`);
    await page.fill('#email', 'admin@localhost');
    await page.fill('#password', ADMIN_PASSWORD);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(`${base}/programmes`);

    await page.click('a:has-text("Your account")');
    expect(await page.textContent('h1')).toBe('Your account');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#password', NEW_PASSWORD);
    await page.click('button:has-text("Change your password")');
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter your current password');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#tokenCurrentPassword', ADMIN_PASSWORD);
    await page.click('button:has-text("Issue a token")');
    expect(await page.textContent('[data-testid=issued-token]')).toMatch(/^tt_/);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.click('a:has-text("Users")');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click('a:has-text("Ann Adviser")');
    expect(await page.textContent('h1')).toBe('Ann Adviser');
    expect(await accessibilityViolations(page)).toEqual([]);
    // Wait for the page the link opens: axe on a page still loading finds no heading and no main.
    await Promise.all([page.waitForURL(/\/disable$/), page.click('a:has-text("Disable the account")')]);
    expect(await page.textContent('h1')).toContain('Disable');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click('button:has-text("Disable the account")');
    expect(await page.textContent('.govuk-notification-banner')).toContain('The account has been disabled');
    await page.click('a:has-text("Reset the password")');
    await page.fill('#password', 'short');
    await page.click('button:has-text("Reset the password")');
    expect(await page.textContent('.govuk-error-summary')).toContain('New password must be at least 12 characters');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Refused in words on the confirmation page itself.
    await page.goto(`${base}/admin/users/${ADMIN_USER_ID}/disable`);
    await page.click('button:has-text("Disable the account")');
    expect(await page.textContent('.govuk-error-summary')).toContain('You cannot disable your own account');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  }, 60_000);
});
