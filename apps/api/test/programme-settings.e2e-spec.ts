import request from 'supertest';
import { DECISION_TYPES } from '@tracker/domain';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { summaryOf, signInSession, memberWithPassword } from './support/browser';

const PASSWORD = 'a long enough passphrase';
const ALL = [...DECISION_TYPES];
const WITHOUT_GO = ALL.filter((type) => type !== 'go-no-go');

interface Member {
  readonly id: string;
  readonly token: string;
  get(path: string, status?: number): Promise<request.Response>;
  post(path: string, form: Record<string, string | string[]>, status?: number): Promise<request.Response>;
}

/** Who takes which decisions and which findings need four eyes: read by every member, changed by the board and administrators. */
describe('programme settings', () => {
  let t: TestApp;
  let programmeId: string;
  let adviser: Member;
  let board: Member;
  let auditor: Member;
  const at = (path = '') => `/api/programmes/${programmeId}${path}`;
  const anonymous = () => request(t.app.getHttpServer());

  async function member(role: 'adviser' | 'board' | 'auditor'): Promise<Member> {
    const email = `${role}@tracker.example`;
    const { id, token } = await memberWithPassword(t, programmeId, role, email, PASSWORD);
    const { cookie, csrf } = await signInSession(t, email, PASSWORD);
    return {
      id,
      token,
      get: (path, status = 200) => anonymous().get(path).set('cookie', cookie).expect(status),
      post: (path, form, status = 303) => {
        const entries: [string, string][] = [['_csrf', typeof form._csrf === 'string' ? form._csrf : csrf], ...Object.entries(form).filter(([k]) => k !== '_csrf').flatMap(([k, v]) => ([] as string[]).concat(v).map((x) => [k, x] as [string, string]))];
        return anonymous().post(path).set('cookie', cookie).type('form').send(new URLSearchParams(entries).toString()).expect(status);
      },
    };
  }

  beforeAll(async () => {
    t = await startTestApp();
    programmeId = await registerProgramme(t);
    adviser = await member('adviser');
    board = await member('board');
    auditor = await member('auditor');
  }, 60_000);
  afterAll(async () => t?.close());

  /** Asks for a change that must be refused, and checks that nothing was written. */
  async function refused(send: () => request.Test, status: number) {
    const before = (await t.events()).length;
    const { body } = await send().expect(status);
    expect((await t.events()).length).toBe(before);
    return body;
  }

  it('starts with the project board taking every decision and four eyes on critical and high findings', async () => {
    const response = await t.http(auditor.token).get(at('/settings')).expect(200);
    expect(response.body).toEqual({ programmeId, decisionBodies: { 'project-board': ALL }, fourEyes: ['critical', 'high'], version: 1 });
    expect(response.headers.etag).toBe('"1"');
  });

  it('is changed by the board, read back whole, and recorded as a fact with who changed it', async () => {
    const decisionBodies = { 'project-board': WITHOUT_GO, department: ['go-no-go'], commissioner: ['go-no-go', 'risk-acceptance'] };
    const changed = await t.http(board.token).patch(at('/settings')).set('if-match', '"1"').send({ decisionBodies, fourEyes: ['critical'] }).expect(200);
    expect(changed.body).toEqual({ id: programmeId, version: 2 });
    expect(changed.headers.etag).toBe('"2"');
    expect((await t.http(adviser.token).get(at('/settings')).expect(200)).body).toEqual({ programmeId, decisionBodies, fourEyes: ['critical'], version: 2 });
    const event = (await t.events()).at(-1)!;
    expect(event).toMatchObject({ type: 'ProgrammeSettingsChanged', data: { programmeId, decisionBodies, fourEyes: ['critical'] }, metadata: { userId: board.id, role: 'board' } });
    // The programme's version moves with it, so a stale If-Match on any programme write is caught.
    expect((await t.http().get(at()).expect(200)).body.version).toBe(2);

    // What is left out stays as it is.
    await t.http().patch(at('/settings')).send({ fourEyes: [] }).expect(200);
    expect((await t.http().get(at('/settings')).expect(200)).body).toMatchObject({ decisionBodies, fourEyes: [] });
    await t.http().patch(at('/settings')).send({ decisionBodies: { 'project-board': ALL } }).expect(200);
    expect((await t.http().get(at('/settings')).expect(200)).body).toMatchObject({ decisionBodies: { 'project-board': ALL }, fourEyes: [] });
  });

  it('refuses settings it cannot use, naming the field, and writes nothing', async () => {
    const patch = (body: unknown, token?: string) => () => t.http(token).patch(at('/settings')).send(body as object);
    const problems = async (body: unknown) => (await refused(patch(body), 400)).details;
    expect(await problems({ decisionBodies: { 'project-board': ALL, parliament: ['go-no-go'] } })).toEqual([{ field: 'decisionBodies.parliament', problem: 'property parliament should not exist' }]);
    expect(await problems({ decisionBodies: { 'project-board': ALL, commissioner: ['veto'] } })).toEqual([
      { field: 'decisionBodies.commissioner', problem: `must list only these decision types: ${ALL.join(', ')}` },
    ]);
    expect(await problems({ decisionBodies: { 'project-board': ALL, commissioner: ['go-no-go', 'go-no-go'] } })).toEqual([
      { field: 'decisionBodies.commissioner', problem: 'must not list a decision type twice' },
    ]);
    expect(await problems({ fourEyes: ['urgent'] })).toEqual([{ field: 'fourEyes', problem: 'must list only these severity levels: critical, high, medium, low' }]);
    expect(await problems({ fourEyes: 'critical' })).toEqual([{ field: 'fourEyes', problem: 'must be a list of severity levels' }]);
    expect(await problems({ decisionBodies: ['project-board'] })).toEqual([{ field: 'decisionBodies', problem: 'must be an object such as {"project-board": ["go-no-go"]}' }]);
    // Nobody left to take the go / no-go: the programme could never record a go.
    expect(await problems({ decisionBodies: { 'project-board': WITHOUT_GO } })).toEqual([{ field: 'decisionBodies', problem: 'must leave every decision to some body; nobody would take go-no-go' }]);
    expect(await problems({ decisionBodies: {} })).toEqual([{ field: 'decisionBodies', problem: `must leave every decision to some body; nobody would take ${ALL.join(', ')}` }]);
    expect(await problems({})).toEqual([{ field: 'body', problem: 'must change decisionBodies, fourEyes or both' }]);
    expect(await problems({ fourEyes: ['high'], quorum: 3 })).toEqual([{ field: 'quorum', problem: 'property quorum should not exist' }]);
  });

  it('lets only the board and administrators change them, and refuses a change based on an old version', async () => {
    const body = { fourEyes: ['critical', 'high'] };
    expect((await refused(() => t.http(adviser.token).patch(at('/settings')).send(body), 403)).code).toBe('FORBIDDEN');
    await refused(() => t.http(auditor.token).patch(at('/settings')).send(body), 403);
    await refused(() => anonymous().patch(at('/settings')).send(body), 401);
    const version = (await t.http().get(at('/settings')).expect(200)).body.version as number;
    const stale = await refused(() => t.http(board.token).patch(at('/settings')).set('if-match', `"${version - 1}"`).send(body), 412);
    expect(stale.details).toEqual([{ expectedVersion: version - 1, actualVersion: version }]);
    await t.http(board.token).patch(at('/settings')).set('if-match', `"${version}"`).send(body).expect(200);
    await refused(() => t.http().patch('/api/programmes/00000000-0000-4000-8000-000000000000/settings').send(body), 404);
  });

  it('is refused once the programme is closed (409), and nothing is written', async () => {
    const closed = await registerProgramme(t, { name: 'Closed programme' });
    await t.http().post(`/api/programmes/${closed}/closure`).send({ note: 'Abandoned' }).expect(200);
    const body = await refused(() => t.http().patch(`/api/programmes/${closed}/settings`).send({ fourEyes: ['critical'] }), 409);
    expect(body.message).toContain('The programme is closed');
  });

  it('round trip in the pages: the board ticks boxes, posts with the form token, sees the change confirmed; mistakes are listed and record nothing', async () => {
    await t.http().patch(at('/settings')).send({ decisionBodies: { 'project-board': ALL }, fourEyes: ['critical', 'high'] }).expect(200);
    const page = await board.get(`/programmes/${programmeId}/settings`);
    expect(page.text).toContain('Programme settings');
    expect(page.text).toMatch(/name="body-project-board" type="checkbox" value="go-no-go" checked/);
    expect(page.text).toMatch(/name="fourEyes" type="checkbox" value="high" checked/);
    expect(page.text).toContain(`href="/programmes/${programmeId}/settings"`);

    const done = await board.post(`/programmes/${programmeId}/settings`, { 'body-project-board': WITHOUT_GO, 'body-council-cabinet': 'go-no-go', fourEyes: 'critical' });
    expect(done.headers.location).toBe(`/programmes/${programmeId}/settings?done=settings`);
    const confirmed = await board.get(done.headers.location);
    expect(confirmed.text).toContain('The programme’s settings have been changed.');
    expect(confirmed.text).toMatch(/name="body-council-cabinet" type="checkbox" value="go-no-go" checked/);
    expect((await t.http().get(at('/settings')).expect(200)).body).toMatchObject({ decisionBodies: { 'project-board': WITHOUT_GO, 'council-cabinet': ['go-no-go'] }, fourEyes: ['critical'] });

    // Unticking the only body that takes go / no-go is refused in words, with the boxes as they were sent.
    const before = (await t.events()).length;
    const bad = await board.post(`/programmes/${programmeId}/settings`, { 'body-project-board': WITHOUT_GO, fourEyes: ['critical', 'urgent'] }, 400);
    expect(summaryOf(bad.text)).toEqual([
      'body-project-board: Every kind of decision needs a body to take it; nobody would take: go / no-go for go-live',
      'fourEyes: Findings that need four eyes to close must list only these severity levels: critical, high, medium, low',
    ]);
    expect(bad.text).toMatch(/<title>Error: /);
    expect(bad.text).toMatch(/name="body-project-board" type="checkbox" value="risk-acceptance" checked/);
    expect((await t.events()).length).toBe(before);

    // The form's token is required, as for every form.
    const forged = await board.post(`/programmes/${programmeId}/settings`, { _csrf: 'not-the-token', 'body-project-board': ALL, fourEyes: 'low' }, 403);
    expect(forged.text).toContain('This form has expired or did not come from the tracker');
    expect((await t.events()).length).toBe(before);
  });

  it('shows auditors and advisers the settings without the form, and refuses their post', async () => {
    const page = await auditor.get(`/programmes/${programmeId}/settings`);
    expect(page.text).toContain('data-testid="current-settings"');
    expect(page.text).not.toContain('Save the settings');
    expect(page.text).toContain('The board or an administrator can change these settings.');
    const before = (await t.events()).length;
    await adviser.post(`/programmes/${programmeId}/settings`, { 'body-project-board': ALL }, 403);
    expect((await t.events()).length).toBe(before);
    // Linked from every programme page.
    expect((await auditor.get(`/programmes/${programmeId}`)).text).toContain(`href="/programmes/${programmeId}/settings"`);
  });
});
