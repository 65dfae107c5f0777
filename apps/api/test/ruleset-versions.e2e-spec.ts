import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import { RecordBoardRating, programmeDecider, programmeStreamId } from '@tracker/domain';
import { RATING_SCALE, RULESET_VERSION } from '@tracker/readiness';
import { Digests, boardDecisionReason } from '../src/audit/digests';
import { CommandRunner } from '../src/shared/command-runner';
import { registerProgramme } from './support/fixtures';
import { ADMIN_TOKEN, ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const withChromium = existsSync(CHROMIUM) ? it : it.skip;
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ');

/**
 * Rule-set versions through HTTP. The programme is the replay that once read Green: 3 of its 47
 * processes ready on 1 May 2026, 335 days before go-live on 1 April 2027. Version 1 judged that
 * Green; version 2, which weighs what is done against the time left, judges it Amber.
 */
describe('rule-set versions, and what a rating means', () => {
  let t: TestApp;
  let programmeId: string;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;
  const decide = (body: object) => t.http().post(api('/decisions')).send(body).expect(201);
  const decisionEvent = async (decisionId: string) => (await t.events()).find((e) => (e.data as { decisionId?: string }).decisionId === decisionId)!;

  /** A board decision as the tracker recorded it before decisions carried a version: no `rulesetVersion`, and the digest just before it. */
  async function decisionRecordedBeforeVersions(): Promise<string> {
    const decisionId = randomUUID();
    const context = { userId: ADMIN_USER_ID, role: 'board', correlationId: randomUUID(), causationId: `request:${randomUUID()}` };
    const command: Omit<RecordBoardRating, 'metadata'> = { type: 'RecordBoardRating', data: { programmeId, decisionId, rating: 'green', rationale: 'On track' } };
    const result = await t.app.get(CommandRunner).run(programmeDecider, programmeStreamId(programmeId), command, context);
    await t.app.get(Digests).take(programmeId, context, boardDecisionReason(decisionId), result.position - 1);
    return decisionId;
  }

  beforeAll(async () => {
    t = await startTestApp({}, '2026-04-20T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    for (let n = 1; n <= 47; n++) {
      const id = (await t.http().post(api('/processes')).send({ reference: `PROC-${String(n).padStart(2, '0')}`, name: `Process ${n}` }).expect(201)).body.id;
      if (n > 3) continue;
      await t.http().post(api(`/processes/${id}/progress`)).send({ step: 'owner-named', owner: 'Head of Finance' }).expect(200);
      await t.http().post(api(`/processes/${id}/progress`)).send({ step: 'walked-through' }).expect(200);
    }
    t.setNow('2026-05-01T10:00:00.000Z');
  }, 60_000);
  afterAll(async () => t?.close());

  it('answers readiness with its rule-set version, the board’s delivery confidence beside it, and the scale both are on', async () => {
    const { body } = await t.http().get(api('/readiness')).expect(200);
    expect(body).toMatchObject({ daysToGoLive: 335, overall: 'amber', rulesetVersion: RULESET_VERSION, phase: 'before-go-live', deliveryConfidence: null });
    expect(body.scale.page).toBe('/ratings');
    expect(body.scale.definitions.map((d: { rating: string }) => d.rating)).toEqual(['green', 'amber-green', 'amber', 'amber-red', 'red']);
    expect(body.scale).toMatchObject({ name: 'IPA five-point delivery confidence scale', note: expect.stringContaining('Since 2021 the Government Major Projects Portfolio uses three points') });
    expect(body).not.toHaveProperty('boardRating');
    const dashboard = (await t.http().get(api('/dashboard')).expect(200)).body;
    expect(dashboard.readiness).toMatchObject({ rulesetVersion: RULESET_VERSION, deliveryConfidence: null, scale: { page: '/ratings' } });
    expect((await t.http().get(api('/readiness/trend')).expect(200)).body.scale.page).toBe('/ratings');
  });

  it('records on every kind of decision the version it was judged with, taken from the application, never the request', async () => {
    const rating = await decide({ type: 'delivery-confidence', rating: 'amber', rationale: 'Most processes not yet walked through' });
    const programme = (await t.http().get(api()).expect(200)).body;
    expect(programme.deliveryConfidence).toMatchObject({ rating: 'amber', decisionId: rating.body.id });
    expect(programme).not.toHaveProperty('boardRating');
    const goNoGo = await decide({ type: 'go-no-go', decision: 'no-go', reasons: 'Not ready' });
    const slaId = (await t.http().post(api('/slas')).send({ reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time'], annualPrice: 85000, termMonths: 36 }).expect(201)).body.id;
    await t.http().post(api(`/slas/${slaId}/progress`)).send({ step: 'recommendation-made', suitable: true, reasons: 'Meets KPIs' }).expect(200);
    const recommendation = await decide({ type: 'sla-recommendation', slaId, accepted: true, reasons: 'Board minute 4' });
    const findingId = (await t.http().post(api('/findings')).send({ area: 'processes', title: 'Walk-throughs late', description: 'd', severity: 'high', owner: 'PMO', dueDate: '2026-09-01' }).expect(201)).body.id;
    const acceptance = await decide({ type: 'risk-acceptance', findingId, reason: 'Plan agreed', expiresOn: '2026-12-31' });

    for (const [type, response] of [['BoardRatingRecorded', rating], ['GoNoGoDecided', goNoGo], ['SlaRecommendationAccepted', recommendation], ['FindingRiskAccepted', acceptance]] as const) {
      expect(await decisionEvent(response.body.id)).toMatchObject({ type, data: { rulesetVersion: RULESET_VERSION } });
    }
    const before = (await t.events()).length;
    const refused = await t.http().post(api('/decisions')).send({ type: 'delivery-confidence', rating: 'green', rationale: 'x', rulesetVersion: 1 }).expect(400);
    expect(refused.body.details).toEqual([{ field: 'rulesetVersion', problem: 'property rulesetVersion should not exist' }]);
    expect(await t.events()).toHaveLength(before);
  });

  it('shows what the board saw with the version the decision recorded, even where today’s rules judge differently', async () => {
    const now = await decide({ type: 'delivery-confidence', rating: 'amber', rationale: 'Behind plan' });
    const judgedNow = (await t.http().get(api(`/decisions/${now.body.id}/dashboard`)).expect(200)).body;
    expect(judgedNow).toMatchObject({ rulesetVersion: 3, dashboard: { readiness: { rulesetVersion: 3, overall: 'amber' } } });

    const oldDecision = await decisionRecordedBeforeVersions();
    expect((await decisionEvent(oldDecision)).data).not.toHaveProperty('rulesetVersion');
    const judgedThen = (await t.http().get(api(`/decisions/${oldDecision}/dashboard`)).expect(200)).body;
    expect(judgedThen).toMatchObject({ rulesetVersion: 1, dashboard: { readiness: { rulesetVersion: 1, overall: 'green' } } });
    // The same state judged today is Amber: the version, not the state, makes the difference.
    expect((await t.http().get(api('/readiness')).expect(200)).body.overall).toBe('amber');

    const page = textOf((await t.http().get(`/programmes/${programmeId}/decisions/${oldDecision}`).expect(200)).text);
    expect(page).toContain('judged by rule-set version 1, the version the decision was judged with');
  });

  it('judges a programme that has gone live on what is outstanding, and says so', async () => {
    t.setNow('2026-05-01T11:00:00.000Z');
    const live = await registerProgramme(t, { name: 'Eastshire transition', goLiveDate: '2026-06-01' });
    const at = (path: string) => `/api/programmes/${live}${path}`;
    const done = (await t.http().post(at('/processes')).send({ reference: 'P-1', name: 'Payroll' }).expect(201)).body.id;
    await t.http().post(at(`/processes/${done}/progress`)).send({ step: 'owner-named', owner: 'Head of HR' }).expect(200);
    await t.http().post(at(`/processes/${done}/progress`)).send({ step: 'walked-through' }).expect(200);
    const late = (await t.http().post(at('/processes')).send({ reference: 'P-2', name: 'Complaints' }).expect(201)).body.id;
    await t.http().post(at(`/processes/${late}/progress`)).send({ step: 'owner-named', owner: 'Head of Quality' }).expect(200);
    await t.http().post(at('/decisions')).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready for 1 June' }).expect(201);
    t.setNow('2026-07-01T10:00:00.000Z');
    await t.http().post(at('/go-live')).send({ date: '2026-06-01' }).expect(200);

    const { body } = await t.http().get(at('/readiness')).expect(200);
    // One overdue, non-critical item: Amber since go-live, not Red for ever.
    expect(body).toMatchObject({ phase: 'since-go-live', wentLiveOn: '2026-06-01', overall: 'amber', rulesetVersion: 3 });
    const dashboard = textOf((await t.http().get(`/programmes/${live}`).expect(200)).text);
    expect(dashboard).toContain('since go-live on 1 June 2026: what is still outstanding');
  });

  it('explains the five points, the formula and the scale on /ratings, linked beside every rating', async () => {
    const html = (await t.http().get('/ratings').expect(200).expect('content-type', /text\/html/)).text;
    const text = textOf(html);
    for (const point of RATING_SCALE.definitions) expect(text).toContain(`${point.words} ${point.meaning}`);
    expect(text).toContain('Both are given on the IPA five-point delivery confidence scale.');
    expect(text).toContain('Since 2021 the Government Major Projects Portfolio uses three points (green, amber, red); this tracker shows five.');
    expect(text).toContain('Readiness is computed by the tracker');
    expect(text).toContain('Delivery confidence is the board’s own judgement');
    expect(text).toContain('For example, 3 of 47 items ready 335 days before go-live is 6% against 28% expected: Amber.');
    expect(text).toContain('The rules, version 3');

    const linked = '<a class="govuk-link govuk-!-display-none-print" href="/ratings">What the ratings mean</a>';
    const processes = (await t.http().get(`/programmes/${programmeId}/registers/processes`).expect(200)).text;
    const itemHref = /href="(\/programmes\/[^"]+\/registers\/processes\/[0-9a-f-]{36})"/.exec(processes)![1];
    for (const path of [`/programmes`, `/programmes/${programmeId}`, `/programmes/${programmeId}/registers/processes`, itemHref, `/programmes/${programmeId}/board-pack`]) {
      expect([path, (await t.http().get(path).expect(200)).text.includes(linked)]).toEqual([path, true]);
    }
  });

  it('prints the five definitions and the formula in the board pack', async () => {
    const pack = textOf((await t.http().get(`/programmes/${programmeId}/board-pack`).expect(200)).text);
    const { deliveryConfidence } = (await t.http().get(api('/readiness')).expect(200)).body;
    expect(pack).toContain(`Delivery confidence (the board’s own) ${RATING_SCALE.definitions.find((d) => d.rating === deliveryConfidence.rating)!.words} ${deliveryConfidence.rationale}`);
    expect(pack).toContain('Readiness judged by Rule-set version 3');
    for (const point of RATING_SCALE.definitions) expect(pack).toContain(`${point.words} ${point.meaning}`);
    expect(pack).toContain('nothing 540 days out, half 180 days out, all of it on go-live');
  });

  withChromium('/ratings passes axe', async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const context = await browser.newContext({ bypassCSP: true, extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      const page = await context.newPage();
      for (const path of ['/ratings', `/programmes/${programmeId}`]) {
        await page.goto(`${base}${path}`);
        await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
        const result = await page.evaluate(async () => (globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string }[] }> } }).axe.run());
        expect([path, result.violations.map((v) => v.id)]).toEqual([path, []]);
      }
    } finally {
      await browser.close();
    }
  }, 60_000);
});
