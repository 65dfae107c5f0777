import request from 'supertest';
import { registerProgramme } from './support/fixtures';
import { memberWithPassword, signInSession, summaryOf } from './support/browser';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';

/** An administrator's pages for people and programme members, posted as a browser posts them. */
describe('people and members, as pages', () => {
  let t: TestApp;
  let programmeId: string;
  let cookie: string;
  let csrf: string;
  const anonymous = () => request(t.app.getHttpServer());
  const get = (path: string, status = 200, as = cookie) => anonymous().get(path).set('cookie', as).expect(status);
  const post = async (path: string, form: Record<string, string>, status = 303, as = { cookie, csrf }) => {
    const response = await anonymous().post(path).set('cookie', as.cookie).type('form').send(new URLSearchParams({ _csrf: as.csrf, ...form }).toString());
    if (response.status !== status) throw new Error(`POST ${path} answered ${response.status}, not ${status}: ${summaryOf(response.text).join(' | ') || response.text.slice(0, 300)}`);
    return response;
  };
  const members = async () => (await t.http().get(`/api/programmes/${programmeId}/members`).expect(200)).body.items as { userId: string; role: string; email: string }[];

  beforeAll(async () => {
    t = await startTestApp();
    programmeId = await registerProgramme(t);
    ({ cookie, csrf } = await signInSession(t, 'admin@localhost', ADMIN_PASSWORD));
  });
  afterAll(async () => t.close());
  beforeEach(() => t.mark());

  it('adds a person: every problem named by its label and nothing recorded, then the account, and its page says what next', async () => {
    expect((await get('/admin/users')).text).toContain('href="/admin/users/new"');
    expect((await get('/admin/users/new')).text).toContain('Add a person');

    const bad = await post('/admin/users/new', { name: '', email: 'not an address', administrator: 'no' }, 400);
    expect(summaryOf(bad.text)).toEqual(['name: Enter the full name', 'email: Email address must be an email address']);
    expect(await t.events()).toEqual([]);

    const done = await post('/admin/users/new', { name: 'Priya Patel', email: 'priya.patel@northshire.example', administrator: 'no' });
    const userId = /\/admin\/users\/([0-9a-f-]{36})\?done=user-created$/.exec(done.headers.location)![1];
    expect((await t.events()).map((e) => e.type)).toEqual(['UserCreated']);
    const page = await get(done.headers.location);
    expect(page.text).toContain('The account has been created, with no password.');
    expect(page.text).toContain('Priya Patel');

    // The same address twice is refused on its field, and records nothing.
    await t.mark();
    const again = await post('/admin/users/new', { name: 'Priya P', email: 'PRIYA.PATEL@northshire.example', administrator: 'no' }, 400);
    expect(summaryOf(again.text)[0]).toMatch(/^email: /);
    expect(await t.events()).toEqual([]);
    expect(userId).toHaveLength(36);
  });

  it('adds a member, changes their role and removes them, recording what the API records', async () => {
    const id = (await t.http().post('/api/users').send({ email: 'sam.board@northshire.example', name: 'Sam Okafor' }).expect(201)).body.id as string;
    await t.mark();

    const list = await get(`/programmes/${programmeId}/members`);
    expect(list.text).toContain('Nobody is a member yet.');
    const form = await get(`/programmes/${programmeId}/members/new`);
    expect(form.text).toContain('Sam Okafor (sam.board@northshire.example)');

    const bad = await post(`/programmes/${programmeId}/members/new`, { role: 'board' }, 400);
    expect(summaryOf(bad.text)).toEqual(['userId: Select the person']);
    expect(await t.events()).toEqual([]);

    await post(`/programmes/${programmeId}/members/new`, { userId: id, role: 'board' });
    expect(await members()).toEqual([expect.objectContaining({ userId: id, role: 'board' })]);
    const added = (await t.events()).at(-1)!;
    expect(added).toMatchObject({ type: 'MemberAdded', data: { programmeId, userId: id, role: 'board' } });
    // Added already, they are no longer offered.
    expect((await get(`/programmes/${programmeId}/members/new`)).text).not.toContain('Sam Okafor (');

    const shown = await get(`/programmes/${programmeId}/members`);
    expect(shown.text).toContain('data-testid="members"');
    expect(shown.text).toContain(`/programmes/${programmeId}/members/${id}/role`);

    const roleForm = await get(`/programmes/${programmeId}/members/${id}/role`);
    expect(roleForm.text).toContain('Sam Okafor is now a board member.');
    await post(`/programmes/${programmeId}/members/${id}/role`, { role: 'auditor' });
    expect(await members()).toEqual([expect.objectContaining({ userId: id, role: 'auditor' })]);

    expect((await get(`/programmes/${programmeId}/members/${id}/remove`)).text).toContain('will no longer see or change this programme');
    await post(`/programmes/${programmeId}/members/${id}/remove`, {});
    expect(await members()).toEqual([]);
    expect((await t.events()).map((e) => e.type)).toEqual(['MemberAdded', 'MemberRoleChanged', 'MemberRemoved']);
  });

  it('issues a token for someone else, shown once, that works for them; a bad expiry is refused on its field', async () => {
    const id = (await t.http().post('/api/users').send({ email: 'robot@northshire.example', name: 'Payroll export' }).expect(201)).body.id as string;
    await t.mark();
    const page = await get(`/admin/users/${id}`);
    expect(page.text).toContain('Issue a token for Payroll export');
    const bad = await post(`/admin/users/${id}/tokens`, { expiresAt: 'next year' }, 400);
    expect(summaryOf(bad.text)).toEqual([expect.stringMatching(/^expiresAt-day: /)]);
    expect(await t.events()).toEqual([]);

    const issued = await post(`/admin/users/${id}/tokens`, { expiresAt: '2027-03-31' }, 201);
    const token = /data-testid="issued-token">([^<]+)</.exec(issued.text)![1];
    expect(issued.text).toContain('it is shown only this once');
    expect((await t.events()).map((e) => e.type)).toEqual(['ApiTokenIssued']);
    expect((await t.http(token).get('/api/me').expect(200)).body).toMatchObject({ id, email: 'robot@northshire.example' });
    // Shown once: the user's page lists the token, never the token itself.
    expect((await get(`/admin/users/${id}`)).text).not.toContain(token);
  });

  it('shows a page for someone who is not a member, and refuses an adviser every member page and form', async () => {
    await get(`/programmes/${programmeId}/members/00000000-0000-4000-8000-000000000000/role`, 404);
    const adviser = await memberWithPassword(t, programmeId, 'adviser', 'ann.adviser@northshire.example', 'a long enough passphrase');
    const session = await signInSession(t, 'ann.adviser@northshire.example', 'a long enough passphrase');
    await t.mark();
    const refused = await get(`/programmes/${programmeId}/members`, 403, session.cookie);
    expect(refused.text).toContain('You cannot do that');
    await post(`/programmes/${programmeId}/members/new`, { userId: adviser.id, role: 'board' }, 403, session);
    expect(await t.events()).toEqual([]);
    // Nor is the Members link shown to them.
    expect((await get(`/programmes/${programmeId}`, 200, session.cookie)).text).not.toContain(`/programmes/${programmeId}/members"`);
  });
});
