import pino from 'pino';
import { Writable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { northshire, registerProgramme } from './support/fixtures';
import { ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';

describe('access over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  const anonymous = () => request(t.app.getHttpServer());

  /** Creates a user with a token of their own, and makes them a member of the programme. */
  async function member(role: 'adviser' | 'board' | 'auditor', email = `${role}.${testNo}@tracker.example`) {
    const id = (await t.http().post('/api/users').send({ email, name: `A ${role}` }).expect(201)).body.id as string;
    const { token, id: tokenId } = (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body;
    await t.http().post(`/api/programmes/${programmeId}/members`).send({ userId: id, role }).expect(201);
    return { id, token: token as string, tokenId: tokenId as string, email };
  }

  // One app for the file, a programme of its own for each test.
  beforeAll(async () => (t = await startTestApp()));
  // People are the app's, not the programme's: each test's have addresses of their own.
  let testNo = 0;
  beforeEach(async () => {
    testNo++;
    t.setNow('2026-11-22T10:00:00.000Z');
    programmeId = await registerProgramme(t);
    await t.mark();
  });
  afterAll(async () => t.close());

  describe('credentials', () => {
    it('answers 401 with no credentials or a wrong token, saying how to authenticate', async () => {
      const none = await anonymous().get('/api/programmes').expect(401);
      expect(none.body).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('Authorization: Bearer'), details: [] });
      expect(none.headers['www-authenticate']).toBe('Bearer realm="transition-tracker"');
      const wrong = await t.http('tt_not-a-real-token').get('/api/programmes').expect(401);
      expect(wrong.body.message).toContain('unknown, expired or revoked');
    });

    it('shows a new token once, and refuses it from the moment it is revoked', async () => {
      const adviser = await member('adviser');
      await t.http(adviser.token).get(`/api/programmes/${programmeId}`).expect(200);
      const issued = await t.http(adviser.token).post(`/api/users/${adviser.id}/tokens`).send({}).expect(201);
      expect(issued.body).toEqual({ id: expect.any(String), token: expect.stringMatching(/^tt_[A-Za-z0-9_-]{43}$/), expiresAt: '2027-02-20T10:00:00.000Z' });
      expect(issued.headers['cache-control']).toBe('no-store');
      expect(JSON.stringify(await t.events())).not.toContain(issued.body.token);

      await t.http(adviser.token).delete(`/api/users/${adviser.id}/tokens/${adviser.tokenId}`).expect(200);
      await t.http(adviser.token).get(`/api/programmes/${programmeId}`).expect(401);
      await t.http(issued.body.token).get(`/api/programmes/${programmeId}`).expect(200);
    });

    it('refuses a token once it has expired', async () => {
      const adviser = await member('adviser');
      const { token } = (await t.http().post(`/api/users/${adviser.id}/tokens`).send({ expiresAt: '2026-11-22T11:00:00Z' }).expect(201)).body;
      await t.http(token).get('/api/me').expect(200);
      t.setNow('2026-11-22T11:00:01.000Z');
      await t.http(token).get('/api/me').expect(401);
    });

    it('refuses a token expiry in the past with 400', async () => {
      const response = await t.http().post(`/api/users/${ADMIN_USER_ID}/tokens`).send({ expiresAt: '2026-01-01T00:00:00Z' }).expect(400);
      expect(response.body.details).toEqual([{ field: 'expiresAt', problem: 'must be in the future' }]);
    });
  });

  describe('the actor on every event', () => {
    it('is the token’s user and their role in the programme', async () => {
      const adviser = await member('adviser');
      await t.http(adviser.token).post(`/api/programmes/${programmeId}/notes`).send({ target: { kind: 'programme' }, text: 'Chased' }).expect(201);
      expect((await t.events()).at(-1)!.metadata).toMatchObject({ userId: adviser.id, role: 'adviser' });
    });

    it('cannot be claimed by the body: such fields are refused and nothing is written', async () => {
      const adviser = await member('adviser');
      const before = (await t.events()).length;
      const response = await t
        .http(adviser.token)
        .post(`/api/programmes/${programmeId}/notes`)
        .send({ target: { kind: 'programme' }, text: 'Chased', userId: ADMIN_USER_ID, role: 'administrator' })
        .expect(400);
      expect(response.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['role', 'userId']);
      expect((await t.events()).length).toBe(before);
    });

    it('is the administrator who granted access, not the user the body names', async () => {
      const auditor = await member('auditor');
      const granted = (await t.events()).find((e) => e.type === 'MemberAdded' && (e.data as { userId: string }).userId === auditor.id)!;
      expect(granted.streamId).toBe(`programme-${programmeId}-members`);
      expect(granted.metadata).toMatchObject({ userId: ADMIN_USER_ID, role: 'administrator' });
    });
  });

  describe('programmes one is not part of', () => {
    it('are left out of the list and answer 404, as if they did not exist', async () => {
      const adviser = await member('adviser');
      const other = await registerProgramme(t, { name: 'Southshire youth services mutual' });
      const list = await t.http(adviser.token).get('/api/programmes').expect(200);
      expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([programmeId]);
      const hidden = await t.http(adviser.token).get(`/api/programmes/${other}`).expect(404);
      expect(hidden.body.message).toBe(`No programme with id ${other}`);
      // An administrator sees both (and the earlier tests' programmes: one app for the file).
      const all = (await t.http().get('/api/programmes').expect(200)).body.items.map((p: { id: string }) => p.id);
      expect(all).toEqual(expect.arrayContaining([programmeId, other]));
    });

    it('say which role may, when the role may not', async () => {
      const auditor = await member('auditor');
      const before = (await t.events()).length;
      const response = await t.http(auditor.token).post(`/api/programmes/${programmeId}/notes`).send({ target: { kind: 'programme' }, text: 'x' }).expect(403);
      expect(response.body).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('(auditor) does not allow this; it needs adviser'), details: [] });
      expect((await t.events()).length).toBe(before);
    });
  });

  describe('password sign-in', () => {
    const password = 'a long enough passphrase';
    const cookieOf = (response: request.Response, name: string) =>
      ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`));
    const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

    /** Fills in and posts the sign-in form as a browser would; answers once the status is as expected. */
    async function signIn(email: string, status: number, pass = password): Promise<request.Response> {
      const form = await anonymous().get('/sign-in').expect(200);
      const preCookie = cookieOf(form, 'tracker_sign_in')!.split(';')[0];
      return anonymous().post('/sign-in').set('cookie', preCookie).type('form').send({ email, password: pass, _csrf: formToken(form.text) }).expect(status);
    }

    it('sets a session cookie that works for pages and the API, and a form without its CSRF token is refused', async () => {
      const adviser = await member('adviser');
      await t.http(adviser.token).put(`/api/users/${adviser.id}/password`).send({ password }).expect(200);

      const signedIn = await signIn(adviser.email, 303);
      expect(signedIn.headers.location).toBe('/programmes');
      const session = cookieOf(signedIn, 'tracker_session')!;
      expect(session).toMatch(/HttpOnly/);
      expect(session).toMatch(/SameSite=Lax/);
      const cookie = session.split(';')[0];

      await anonymous().get('/').set('cookie', cookie).expect(303);
      const home = await anonymous().get('/programmes').set('cookie', cookie).expect(200);
      expect(home.text).toContain('Signed in as A adviser');
      expect(home.text).toContain(northshire.name.replace('’', '’'));
      await anonymous().get('/api/me').set('cookie', cookie).expect(200);

      // A form posted from anywhere else carries the cookie but not the token.
      const forged = await anonymous().post('/sign-out').set('cookie', cookie).type('form').send({}).expect(403);
      expect(forged.body.code).toBe('FORBIDDEN');
      const before = (await t.events()).length;
      await anonymous().post(`/api/programmes/${programmeId}/notes`).set('cookie', cookie).send({ target: { kind: 'programme' }, text: 'x' }).expect(403);
      expect((await t.events()).length).toBe(before);
      await anonymous()
        .post(`/api/programmes/${programmeId}/notes`)
        .set('cookie', cookie)
        .set('x-csrf-token', formToken(home.text))
        .send({ target: { kind: 'programme' }, text: 'From the browser' })
        .expect(201);

      const out = await anonymous().post('/sign-out').set('cookie', cookie).type('form').send({ _csrf: formToken(home.text) }).expect(303);
      expect(out.headers.location).toBe('/sign-in');
      const after = await anonymous().get('/').set('cookie', cookie).expect(303);
      expect(after.headers.location).toBe('/sign-in');
    });

    it('refuses a wrong password without saying which part was wrong, and a sign-in form without its token', async () => {
      const adviser = await member('adviser');
      await t.http().put(`/api/users/${adviser.id}/password`).send({ password }).expect(200);
      const wrong = await signIn(adviser.email, 401, 'not the password at all');
      expect(wrong.text).toContain('The email address or password is not right');
      const unknown = await signIn('nobody@tracker.example', 401);
      expect(unknown.text).toContain('The email address or password is not right');
      await anonymous().post('/sign-in').type('form').send({ email: adviser.email, password }).expect(403);
    });

    it('slows failed attempts per account: after three, each must wait, and says how long', async () => {
      const adviser = await member('adviser');
      await t.http().put(`/api/users/${adviser.id}/password`).send({ password }).expect(200);
      for (let i = 0; i < 3; i++) await signIn(adviser.email, 401, `wrong guess ${i}`);
      const limited = await signIn(adviser.email, 429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited.text).toContain('Too many failed sign-in attempts');
    });

    it('counts guesses sent all at once before checking any: the right password sent last among twenty is refused', async () => {
      const adviser = await member('adviser');
      await t.http().put(`/api/users/${adviser.id}/password`).send({ password }).expect(200);
      const forms = await Promise.all(Array.from({ length: 20 }, () => anonymous().get('/sign-in').expect(200)));
      const posts = forms.map((form, i) =>
        anonymous()
          .post('/sign-in')
          .set('cookie', cookieOf(form, 'tracker_sign_in')!.split(';')[0])
          .type('form')
          .send({ email: adviser.email, password: i === 19 ? password : `guess ${i}`, _csrf: formToken(form.text) }),
      );
      const statuses = (await Promise.all(posts)).map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(16);
      expect(statuses[19]).not.toBe(303);
    });

    it('sends a sign-in whose next address holds a control character home, never answering 500', async () => {
      const adviser = await member('adviser');
      await t.http().put(`/api/users/${adviser.id}/password`).send({ password }).expect(200);
      const form = await anonymous().get('/sign-in?next=%2Fprogrammes%01evil').expect(200);
      expect(form.text).not.toContain('evil');
      const preCookie = cookieOf(form, 'tracker_sign_in')!.split(';')[0];
      const signed = await anonymous()
        .post('/sign-in')
        .set('cookie', preCookie)
        .type('form')
        .send({ email: adviser.email, password, _csrf: formToken(form.text), next: '/programmes\u0001\r\nSet-Cookie: x=1' })
        .expect(303);
      expect(signed.headers.location).toBe('/programmes');
    });

    it('refuses a short password with 400', async () => {
      const response = await t.http().put(`/api/users/${ADMIN_USER_ID}/password`).send({ password: 'short' }).expect(400);
      expect(response.body.details).toEqual([{ field: 'password', problem: 'must be at least 12 characters' }]);
    });

    it('refuses twelve spaces and password1234 with 400 naming the field, writing nothing', async () => {
      const before = (await t.events()).length;
      const spaces = await t.http().put(`/api/users/${ADMIN_USER_ID}/password`).send({ password: ' '.repeat(12) }).expect(400);
      expect(spaces.body.details).toEqual([{ field: 'password', problem: 'must use more than a few different characters' }]);
      const common = await t.http().put(`/api/users/${ADMIN_USER_ID}/password`).send({ password: 'password1234' }).expect(400);
      expect(common.body.details).toEqual([{ field: 'password', problem: 'is too common: choose three or four random words' }]);
      expect((await t.events()).length).toBe(before);
    });
  });

  it('sends security headers and no stack traces', async () => {
    const response = await t.http().get('/api/programmes/nope').expect(404);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('the first administrator', () => {
  it('is created on first start, with a generated password and token printed once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tracker-bootstrap-'));
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _, done) => (lines.push(String(chunk)), done()) }));
    const app = await createApp({ config: loadConfig({ DATA_DIR: dataDir, PASSWORD_HASH_COST: '10', BOOTSTRAP_ADMIN_EMAIL: 'lead@dfe.example' }), logger });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const created = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg.startsWith('First administrator'));
      expect(created).toMatchObject({ email: 'lead@dfe.example', password: expect.any(String), token: expect.stringMatching(/^tt_/) });
      await request(app.getHttpServer()).get('/api/me').set('authorization', `Bearer ${created.token}`).expect(200);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
