import request from 'supertest';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { summaryOf, signInSession, memberWithPassword } from './support/browser';

const PASSWORD = 'a long enough passphrase';

interface Member {
  readonly id: string;
  get(path: string, status?: number): Promise<request.Response>;
  post(path: string, form: Record<string, string | string[]>, status?: number): Promise<request.Response>;
}

/** The board's decision forms with who decided, attendees and conditions, the decision log page, and a condition met. */
describe('decision pages', () => {
  let t: TestApp;
  let programmeId: string;
  let adviser: Member;
  let board: Member;
  let auditor: Member;
  const page = (path = '') => `/programmes/${programmeId}${path}`;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;
  const anonymous = () => request(t.app.getHttpServer());
  const log = async () => (await t.http().get(api('/decisions')).expect(200)).body;

  async function member(role: 'adviser' | 'board' | 'auditor'): Promise<Member> {
    const email = `${role}@tracker.example`;
    const { id } = await memberWithPassword(t, programmeId, role, email, PASSWORD);
    const { cookie, csrf } = await signInSession(t, email, PASSWORD);
    return {
      id,
      get: (path, status = 200) => anonymous().get(path).set('cookie', cookie).expect(status),
      post: (path, form, status = 303) => {
        const entries: [string, string][] = [['_csrf', csrf], ...Object.entries(form).flatMap(([k, v]) => ([] as string[]).concat(v).map((x) => [k, x] as [string, string]))];
        return anonymous().post(path).set('cookie', cookie).type('form').send(new URLSearchParams(entries).toString()).then((r) => {
          if (r.status !== status) throw new Error(`POST ${path} answered ${r.status}, not ${status}: ${summaryOf(r.text).join(' | ') || r.text.slice(0, 400)}`);
          return r;
        });
      },
    };
  }

  beforeAll(async () => {
    t = await startTestApp({}, '2026-11-02T10:00:00.000Z');
    programmeId = await registerProgramme(t);
    // Under a statutory direction the department takes the go / no-go with the project board.
    await t.http().patch(api('/settings')).send({ decisionBodies: { 'project-board': ['sla-recommendation', 'risk-acceptance', 'delivery-confidence', 'go-no-go'], department: ['go-no-go'] } }).expect(200);
    t.setNow('2026-11-22T10:00:00.000Z');
    adviser = await member('adviser');
    board = await member('board');
    auditor = await member('auditor');
  }, 60_000);
  afterAll(async () => t?.close());

  it('offers only the bodies the programme allows for the decision, with the first chosen, and attendees', async () => {
    const goForm = (await board.get(page('/decisions/go-no-go'))).text;
    const bodies = [...goForm.matchAll(/name="body" type="radio" value="([a-z-]+)"/g)].map((m) => m[1]);
    expect(bodies).toEqual(['project-board', 'department']);
    expect(goForm).toMatch(/name="body" type="radio" value="project-board" checked/);
    expect(goForm).toContain('The department / Secretary of State');
    expect(goForm).toContain('name="attendees"');
    expect(goForm.match(/data-testid="condition-row"/g)).toHaveLength(3);
    expect(goForm).toContain('id="conditions-1-dueOn"');

    const ratingForm = (await board.get(page('/decisions/rating'))).text;
    expect([...ratingForm.matchAll(/name="body" type="radio" value="([a-z-]+)"/g)].map((m) => m[1])).toEqual(['project-board']);
    expect(ratingForm).not.toContain('conditions-1-text');
  });

  it('names every problem of a go with conditions by its row, and records nothing', async () => {
    const before = (await t.events()).length;
    const bad = await board.post(
      page('/decisions/go-no-go'),
      { decision: 'go', reasons: 'Ready but for the deed', body: 'department', 'conditions-1-text': 'Novation deed for Carefirst signed', 'conditions-1-owner': 'Legal', 'conditions-1-dueOn': '2027-03-15', 'conditions-2-text': 'LGPS admission agreement signed', 'conditions-2-dueOn': '2027-02-30' },
      400,
    );
    expect(summaryOf(bad.text)).toEqual(['conditions-2-owner: Condition 2: enter who sees to it', 'conditions-2-dueOn-day: Condition 2: due by must be a real date written YYYY-MM-DD']);
    expect(bad.text).toMatch(/>Novation deed for Carefirst signed<\/textarea>/);
    const noGo = await board.post(page('/decisions/go-no-go'), { decision: 'no-go', reasons: 'Not ready', 'conditions-1-text': 'Deed', 'conditions-1-owner': 'Legal', 'conditions-1-dueOn': '2027-03-15' }, 400);
    expect(summaryOf(noGo.text)).toEqual(['conditions-1-text: Conditions of a go (optional) may only be given on a go decision']);
    // A body the settings do not allow for the type is refused by the API, in words, on the form.
    const notAllowed = await board.post(page('/decisions/rating'), { rating: 'amber', rationale: 'Pensions late', body: 'department' }, 400);
    expect(bad.text).toContain('There is a problem');
    // Linked to, and shown beside, the field it is about: who decided, not the first field of the form.
    const bodyProblem = 'Who decided must be a body this programme’s settings allow: The department / Secretary of State may not take delivery-confidence decisions in this programme; bodies that may: Project board';
    expect(summaryOf(notAllowed.text)).toEqual([`body: ${bodyProblem}`]);
    expect(notAllowed.text).toMatch(new RegExp(`id="body-error"[^>]*>\\s*<span class="govuk-visually-hidden">Error:</span> ${bodyProblem.replace(/[/()]/g, '\\$&')}`));
    expect(notAllowed.text).not.toContain('id="rating-error"');
    expect((await t.events()).length).toBe(before);
  });

  it('records a go in the name of the body that took it, with attendees and conditions, and shows it in the log', async () => {
    const done = await board.post(page('/decisions/go-no-go'), {
      decision: 'go',
      reasons: 'Ready but for the deed',
      body: 'department',
      attendees: 'Director of Children’s Services\r\nDfE adviser\r\n',
      'conditions-1-text': 'Novation deed for Carefirst signed',
      'conditions-1-owner': 'Legal',
      'conditions-1-dueOn': '2027-03-15',
    });
    expect(done.headers.location).toBe(`${page()}?done=decided`);
    const [go] = (await log()).decisions;
    expect(go).toMatchObject({ type: 'go-no-go', outcome: 'go', body: 'department', attendees: ['Director of Children’s Services', 'DfE adviser'], conditions: [{ text: 'Novation deed for Carefirst signed', owner: 'Legal', dueOn: '2027-03-15', state: 'open' }] });

    const shown = (await auditor.get(page('/decisions'))).text;
    expect(shown).toContain('Go / no-go: Go');
    expect(shown).toContain('The department / Secretary of State');
    expect(shown).toContain('Director of Children’s Services, DfE adviser');
    expect(shown).toContain('A board');
    expect(shown).toContain('Novation deed for Carefirst signed');
    expect(shown).toContain(`href="${page(`/decisions/${go.decisionId}`)}"`);
    // The pack as tabled, downloadable from the log by whoever reads it.
    expect(shown).toContain(`href="${go.boardPack.href}"`);
    const pack = await auditor.get(go.boardPack.href);
    expect(pack.headers['x-content-sha256']).toBe(go.boardPack.sha256);
    const awaiting = /data-testid="awaiting">([\s\S]*?)<h2/.exec(shown)![1];
    expect(awaiting).toContain('Novation deed for Carefirst signed');
    // An auditor reads the log, and is offered nothing to do.
    expect(shown).not.toContain('Record it met');
    expect(shown).not.toContain('record it met');
    await auditor.get(page(`/decisions/${go.decisionId}/conditions/${go.conditions[0].conditionId}/met`), 403);
  });

  it('records a condition met from its form, refusing a form without a note, and shows it met', async () => {
    const [go] = (await log()).decisions;
    const { conditionId } = go.conditions[0];
    const path = page(`/decisions/${go.decisionId}/conditions/${conditionId}/met`);
    expect((await board.get(page('/decisions'))).text).toContain(`href="${path}"`);
    const form = (await board.get(path)).text;
    expect(form).toContain('Novation deed for Carefirst signed');

    const before = (await t.events()).length;
    const bad = await board.post(path, { note: '' }, 400);
    expect(summaryOf(bad.text)).toEqual(['note: Enter how the condition was met']);
    await adviser.post(path, { note: 'Signed' }, 403);
    expect((await t.events()).length).toBe(before);

    const done = await board.post(path, { note: 'Deed signed by all three parties', 'evidence-link': 'https://northshire.example/deed.pdf', 'evidence-description': 'The signed deed' });
    expect(done.headers.location).toBe(page('/decisions?done=condition-met'));
    const shown = (await board.get(done.headers.location)).text;
    expect(shown).toContain('The condition has been recorded as met.');
    expect(shown).toContain('Deed signed by all three parties');
    expect(shown).toContain('href="https://northshire.example/deed.pdf"');
    expect(/data-testid="awaiting">([\s\S]*?)<h2/.exec(shown)![1]).not.toContain('Novation deed for Carefirst signed');
    // Met once; the form is not offered again.
    await board.get(path, 409);
  });

  it('lists SLA recommendations awaiting the board, with the way to decide them', async () => {
    const slaId = (await t.http().post(api('/slas')).send({ reference: 'SLA-HR', service: 'hr', kpis: ['Cases answered in 5 days'], annualPrice: 40000, termMonths: 24 }).expect(201)).body.id;
    await t.http().post(api(`/slas/${slaId}/progress`)).send({ step: 'recommendation-made', suitable: true, reasons: 'Fair price' }).expect(200);
    const shown = (await board.get(page('/decisions'))).text;
    const awaiting = /data-testid="awaiting">([\s\S]*?)<h2/.exec(shown)![1];
    expect(awaiting).toContain('SLA-HR');
    expect(awaiting).toContain(`href="${page(`/registers/slas/${slaId}/decision`)}"`);
    await board.post(page(`/registers/slas/${slaId}/decision`), { accepted: 'yes', reasons: 'Board minute 12', body: 'project-board' });
    const after = (await board.get(page('/decisions'))).text;
    expect(/data-testid="awaiting">([\s\S]*?)<h2/.exec(after)![1]).not.toContain('SLA-HR');
    expect(after).toContain('SLA recommendation: Recommendation accepted');
  });

  it('is linked from every programme page', async () => {
    expect((await auditor.get(page())).text).toContain(`href="${page('/decisions')}"`);
  });
});
