import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StoredEvent } from '@tracker/event-store';
import { demoGoLiveDate, demoStart, DemoSummary, FINDINGS, loadNorthshire, PORTFOLIO } from '../src/demo/northshire';
import request from 'supertest';
import { AREA_OF_KIND, REGISTER_OF_KIND } from '@tracker/domain';
import { words } from '../src/shared/words';
import { areaRowOf } from './support/browser';
import { ADMIN_PASSWORD, ADMIN_TOKEN, startTestApp, TestApp } from './support/test-app';

const ANCHOR = '2026-11-22';
const CLI = join(__dirname, '..', '..', '..', 'dist', 'apps', 'api', 'src', 'cli', 'demo.js');

/** Loads the demo into a fresh app, as the CLI does; answers the app, the summary and every event. */
async function loadDemo(): Promise<{ t: TestApp; summary: DemoSummary; events: StoredEvent[] }> {
  const t = await startTestApp({ API_TOKEN_MAX_DAYS: '1200' }, demoStart(ANCHOR)); // the loader's tokens last the 18-month story
  const summary = await loadNorthshire(t.app, { anchor: ANCHOR, password: 'a demo password', adminToken: ADMIN_TOKEN, setNow: t.setNow });
  return { t, summary, events: await t.events() };
}

describe('the demo programme', () => {
  let t: TestApp;
  let summary: DemoSummary;
  let events: StoredEvent[];
  beforeAll(async () => ({ t, summary, events } = await loadDemo()), 120_000);
  afterAll(async () => t?.close());
  // The first administrator's token has expired by the story's end (a year after its start), so the test signs in.
  let cookie: string;
  let csrf: string;
  beforeAll(async () => {
    const server = t.app.getHttpServer();
    const form = await request(server).get('/sign-in').expect(200);
    const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const cookieOf = (response: request.Response, name: string) => ([] as string[]).concat(response.headers['set-cookie']).find((c) => c.startsWith(`${name}=`))!.split(';')[0];
    const signed = await request(server).post('/sign-in').set('cookie', cookieOf(form, 'tracker_sign_in')).type('form').send({ email: 'admin@localhost', password: ADMIN_PASSWORD, _csrf: tokenIn(form.text) }).expect(303);
    cookie = cookieOf(signed, 'tracker_session');
    csrf = tokenIn((await request(server).get('/programmes').set('cookie', cookie).expect(200)).text);
  });
  const get = async (path: string) => (await request(t.app.getHttpServer()).get(`/api/programmes/${summary.programmeId}${path}`).set('cookie', cookie).expect(200)).body;

  it('holds a realistic programme: the registers, 200 findings, board decisions, go-live 8 to 12 weeks away on the first of a month', async () => {
    expect(summary.items).toEqual({ contracts: 300, systems: 40, 'staff-groups': 12, slas: 25, assets: 6, processes: 8, 'governance-items': 8 });
    expect(summary.goLiveDate).toBe('2027-02-01'); // 71 days after 22 November
    expect(demoGoLiveDate('2026-11-30')).toBe('2027-02-01'); // 63 days
    expect(demoGoLiveDate('2026-12-07')).toBe('2027-02-01'); // 56 days: eight weeks exactly
    expect(demoGoLiveDate('2026-12-08')).toBe('2027-03-01'); // 83 days
    expect((await get('/contracts')).total).toBe(300);
    const findings = (await get('/findings?limit=500')).items as { status: string; severity: string }[];
    expect(findings).toHaveLength(200);
    const statuses = new Set(findings.map((f) => f.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['closed', 'open', 'resolved']));
    expect(summary.decisions).toBeGreaterThanOrEqual(25);
  });

  it('is believable: suppliers sell what they are contracted for, findings are distinct and about their item, budgets follow the SLAs’ prices, and some areas are at risk', async () => {
    const contracts = (await get('/contracts?limit=500')).items as { reference: string; details: { supplier: string; title: string } }[];
    for (const { details } of contracts) expect(PORTFOLIO.find(([title]) => title === details.title)?.[1]).toContain(details.supplier);
    expect(new Set(contracts.map((c) => c.details.supplier)).size).toBeGreaterThan(15);

    const findings = (await get('/findings?limit=500')).items as { title: string; description: string; owner: string; target: { kind: string; itemId?: string; area: string } }[];
    expect(new Set(findings.map((f) => f.title)).size).toBe(200);
    expect(new Set(findings.map((f) => f.description)).size).toBeGreaterThan(150);
    const references = new Map(
      (await Promise.all(['contracts', 'systems', 'staff-groups', 'slas', 'assets', 'processes', 'governance-items'].map((r) => get(`/${r}?limit=500`)))).flatMap((page) => (page.items as { id: string; reference: string }[]).map((i) => [i.id, i.reference] as const)),
    );
    const aboutItems = findings.filter((f) => f.target.kind === 'item');
    expect(aboutItems.length).toBeGreaterThan(100);
    for (const f of aboutItems) expect(f.description).toContain(`${references.get(f.target.itemId!)}`); // written for its item
    for (const f of findings) expect(FINDINGS[f.target.area].owners).toContain(f.owner);

    // Each SLA's buy-back, year by year, is its price for the months of its term in that year (2.5% a year dearer after the first).
    const dashboard = await get('/dashboard');
    const slas = (await get('/slas?limit=100')).items as { id: string; details: { annualPrice: number; termMonths: number } }[];
    const yearOne = dashboard.buyBack.years[0];
    expect(yearOne.year).toBe('2026-27');
    const months = (sla: (typeof slas)[number]) => Math.min(2, sla.details.termMonths); // February and March 2027
    expect(yearOne.total).toBe(slas.reduce((sum, sla) => sum + Math.round((sla.details.annualPrice * months(sla)) / 12 / 100) * 100, 0));
    expect(yearOne.envelope).toBeGreaterThanOrEqual(yearOne.total);

    // Go-live is near enough that what is missing shows.
    expect(dashboard.readiness.daysToGoLive).toBeGreaterThanOrEqual(56);
    expect(dashboard.readiness.daysToGoLive).toBeLessThanOrEqual(84);
    const ratings = (dashboard.readiness.areas as { rating: string }[]).map((a) => a.rating);
    expect(ratings.some((r) => r === 'amber' || r === 'amber-red' || r === 'red')).toBe(true);
    expect(ratings.some((r) => r === 'green' || r === 'amber-green')).toBe(true);
  });

  it('loads a small portfolio beside Northshire: one 18 months out, one 10 weeks out, one just live, one closed, each typed', async () => {
    const { programmes } = (await request(t.app.getHttpServer()).get('/api/portfolio?sort=goLiveDate').set('cookie', cookie).expect(200)).body as { programmes: { name: string; status: string; daysToGoLive: number; region?: string; deliveryModel?: string }[] };
    // Soonest go-live first: Southvale closed, Westmere live a fortnight, Riverdale in 10 weeks, Northshire (71 days), Eastmoor in 18 months.
    expect(programmes.map((p) => [p.status, p.daysToGoLive])).toEqual([
      ['closed', -217],
      ['live', -14],
      ['active', 70],
      ['active', 71],
      ['active', 548],
    ]);
    expect(programmes.every((p) => p.region !== undefined && p.deliveryModel !== undefined)).toBe(true);
    expect(programmes.map((p) => p.name)).toContain('Northshire children’s services transition');
  });

  it('spreads its history over 18 months up to the anchor day, in order', () => {
    const recorded = events.map((e) => e.metadata.recordedAt);
    expect(recorded[0] >= demoStart(ANCHOR)).toBe(true);
    expect(recorded.at(-1)!.slice(0, 10) <= ANCHOR).toBe(true);
    expect([...recorded].sort()).toEqual(recorded);
    const months = new Set(recorded.map((r) => r.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(18);
  });

  it('gives a living dashboard: ratings, blockers, the go-live date moved twice and confirmed, the board’s rating', async () => {
    const dashboard = await get('/dashboard');
    expect(dashboard.readiness.overall).toMatch(/green|amber|red/);
    expect(dashboard.readiness.blockers.length).toBeGreaterThan(10);
    expect(dashboard.readiness.deliveryConfidence.rating).toBe('amber');
    expect(dashboard.goLiveHistory.map((h: { change: string }) => h.change)).toEqual(['moved later', 'moved later', 'confirmed']);
    expect(dashboard.staff.groups).toBe(12);
    expect(dashboard.buyBack.years[0]).toMatchObject({ year: '2026-27', withinEnvelope: true });
  });

  it('is recorded by the people of the story, and its audit chain verifies', async () => {
    const roles = new Set(events.filter((e) => e.streamId.startsWith(`programme-${summary.programmeId}`)).map((e) => e.metadata.role));
    expect([...roles].sort()).toEqual(['administrator', 'adviser', 'board']);
    const verified = (await request(t.app.getHttpServer()).post(`/api/programmes/${summary.programmeId}/verify`).set('cookie', cookie).set('x-csrf-token', csrf).send({}).expect(200)).body;
    expect(verified).toMatchObject({ valid: true, events: expect.any(Number) });
    expect(verified.events).toBeGreaterThan(2000);
  });

  it('gives every count the same on the dashboard, each register, the board pack, the findings list and the API', async () => {
    const page = async (path: string) => (await request(t.app.getHttpServer()).get(`/programmes/${summary.programmeId}${path}`).set('cookie', cookie).expect(200)).text;
    const [dashboardHtml, packHtml] = [await page(''), await page('/board-pack')];
    const api = await get('/dashboard');
    const counted = (html: string) => Number(/of ([\d,]+) items?\b/.exec(html)?.[1].replace(/,/g, '') ?? 0);
    const registerOf = Object.fromEntries(Object.entries(AREA_OF_KIND).map(([kind, area]) => [area, REGISTER_OF_KIND[kind as keyof typeof REGISTER_OF_KIND]]));
    let compared = 0;
    for (const area of api.readiness.areas as { area: string; itemCounts: Record<string, number>; alsoJudged: number }[]) {
      const register = registerOf[area.area];
      if (register === undefined) continue; // budgets: judged on the envelope, no register of its own
      const fromRegister = [];
      for (const status of ['ready', 'at-risk', 'not-ready']) fromRegister.push(counted(await page(`/registers/${register}?readiness=${status}`)));
      expect([area.itemCounts.ready, area.itemCounts['at-risk'], area.itemCounts['not-ready']]).toEqual(fromRegister);
      for (const html of [dashboardHtml, packHtml]) expect(areaRowOf(html, words(area.area)).numbers).toEqual(fromRegister);
      compared++;
    }
    expect(compared).toBe(7);
    // Open findings: the dashboard's total is the findings list's default (open or mitigated), on both pages.
    const open = Number(/of ([\d,]+) findings?\b/.exec(await page('/findings'))![1]);
    expect(api.openFindings.total).toBe(open);
    expect(dashboardHtml).toContain(`<span data-testid="open-findings-total">${open}</span>`);
    // Overdue: the findings the list calls overdue are those the API calls overdue.
    const listed = (await get('/findings?limit=500')).items as { status: string; overdue: boolean }[];
    const overdue = Number(/of ([\d,]+) findings?\b/.exec(await page('/findings?overdue=yes'))?.[1] ?? 0);
    expect(listed.filter((f) => f.overdue)).toHaveLength(overdue);
    expect(overdue).toBeGreaterThan(0);
  });

  it('is the same story every time for the same anchor day: events, ids and recorded times', async () => {
    const again = await loadDemo();
    try {
      // Everything about the programme, exactly; of the people, their events in order (tokens and password hashes are random by design).
      // A decision records the chain head it saw and the pack as tabled: the head hashes each event's
      // correlation id (random per request) and the pack carries a digest signed with this run's own
      // key, so those two hashes differ from run to run; their presence and everything else do not.
      const stable = (data: unknown) => {
        const d = data as { seen?: { headHash: string }; boardPack?: { sha256: string } };
        if (d.seen === undefined && d.boardPack === undefined) return data;
        return { ...d, seen: d.seen && { ...d.seen, headHash: 'per run' }, boardPack: d.boardPack && { ...d.boardPack, sha256: 'per run' } };
      };
      const programme = (list: StoredEvent[]) => list.filter((e) => e.streamId.startsWith('programme-')).map((e) => [e.streamId, e.type, stable(e.data), e.metadata.recordedAt, e.metadata.userId]);
      expect(programme(again.events)).toEqual(programme(events));
      expect(programme(events).length).toBeGreaterThan(2000);
      expect(again.events.map((e) => [e.streamId, e.type])).toEqual(events.map((e) => [e.streamId, e.type]));
    } finally {
      await again.t.close();
    }
  }, 120_000);
});

describe('npm run demo', () => {
  const run = promisify(execFile);
  const dataDir = mkdtempSync(join(tmpdir(), 'tracker-demo-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { ...process.env, DATA_DIR: dataDir, PASSWORD_HASH_COST: '10', DEMO_PASSWORD: 'a demo password' };

  it('loads into an empty store and says how to sign in; then, with --if-empty, leaves the store alone', async () => {
    expect(existsSync(CLI)).toBe(true); // built by npm test's pretest
    const first = await run('node', [CLI, '--anchor', ANCHOR], { env });
    expect(first.stdout).toMatch(/Done in [\d.]+ s: 2,\d{3} requests; 300 contracts, 40 systems/);
    expect(first.stdout).toContain('adviser@northshire.example (adviser)  password: (DEMO_PASSWORD)');
    const second = await run('node', [CLI, '--if-empty'], { env });
    expect(second.stdout).toMatch(/already holds events \(up to position [\d,]+\); the demo is not loaded/);
    const refused = await run('node', [CLI], { env }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('the demo loads only into an empty store');
    const off = await run('node', [CLI], { env: { ...env, DEMO: 'false' } });
    expect(off.stdout).toContain('DEMO=false');
  }, 120_000);
});
