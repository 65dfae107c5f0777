import request from 'supertest';
import { registerProgramme } from './support/fixtures';
import { memberWithPassword, signInSession } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

/** Any address a browser can reach answers with the service's error page, never raw JSON; the API keeps its JSON. */
describe('error pages for every address a browser reaches', () => {
  let t: TestApp;
  let programmeId: string;
  let cookie: string;
  const html = (path: string, as?: string) => {
    const call = request(t.app.getHttpServer()).get(path).set('accept', 'text/html,application/xhtml+xml');
    return as ? call.set('cookie', as) : call;
  };

  beforeAll(async () => {
    t = await startTestApp();
    programmeId = await registerProgramme(t);
    await memberWithPassword(t, programmeId, 'adviser', 'ann.adviser@northshire.example', 'a long enough passphrase');
    ({ cookie } = await signInSession(t, 'ann.adviser@northshire.example', 'a long enough passphrase'));
  });
  afterAll(async () => t.close());

  it('answers an address that is no page with the error page, in the signed-in header', async () => {
    for (const path of ['/admin', '/users', `/programmes/${programmeId}/nothing/here/at/all`]) {
      const response = await html(path, cookie).expect(404);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('Page not found');
      expect(response.text).toContain('Signed in as A adviser');
    }
  });

  it('answers a page the role may not see with the error page, in the signed-in header', async () => {
    const response = await html(`/programmes/${programmeId}/members`, cookie).expect(403);
    expect(response.text).toContain('You cannot do that');
    expect(response.text).toContain('Signed in as A adviser');
  });

  it('shows the error page without a header to someone signed out, and keeps JSON for the API and for clients that ask for it', async () => {
    const signedOut = await html('/admin').expect(404);
    expect(signedOut.text).toContain('Page not found');
    expect(signedOut.text).not.toContain('Signed in as');
    const api = await html('/api/nothing', cookie).expect(404);
    expect(api.headers['content-type']).toMatch(/^application\/json/);
    expect(api.body).toEqual({ code: 'NOT_FOUND', message: expect.any(String), details: [] });
    const json = await request(t.app.getHttpServer()).get('/admin').set('accept', 'application/json').expect(404);
    expect(json.body.code).toBe('NOT_FOUND');
  });
});
