import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import request from 'supertest';
import { binaryBody, signInSession, summaryOf, violationsOnPages } from './support/browser';
import { closeProgramme, contractBody, registerProgramme } from './support/fixtures';
import { ADMIN_PASSWORD, ADMIN_TOKEN, startTestApp, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) process.stdout.write(`Portfolio browser test SKIPPED: ${CHROMIUM} is missing (install Debian's chromium; .ci/run does).\n`);
const withChromium = haveChromium ? it : it.skip;

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ').trim();

type Row = { id: string; name: string; region?: string; deliveryModel?: string; leadAdviser?: string; status: string; goLiveDate: string; readiness: string | null; blockers: number; openCritical: number; goLiveMoves: number; deliveryConfidence: { rating: string; fourWeeksAgo: string | null } | null; compare: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * A department's portfolio on 1 December 2026: four transitions at different stages — Northshire
 * (trust, North West, going live 1 April 2027), Eastmoor (mutual, East of England, 18 months out),
 * Westmere (trust, North West, gone live) and Southvale (closed) — typed, rated and compared.
 */
describe('the portfolio', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const api = (id: string, path = '') => `/api/programmes/${id}${path}`;
  const portfolio = async (query = '', token?: string) => (await t.http(token).get(`/api/portfolio${query}`).expect(200)).body as { totals: Record<string, any>; of: number; programmes: Row[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const names = (rows: Row[]) => rows.map((r) => r.name);
  let viewer: { id: string; token: string };
  let lead: { id: string; token: string };

  async function person(email: string, name: string) {
    const id = (await t.http().post('/api/users').send({ email, name }).expect(201)).body.id as string;
    return { id, token: (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token as string };
  }

  beforeAll(async () => {
    t = await startTestApp({}, '2026-01-05T09:00:00.000Z');
    ids.north = await registerProgramme(t, { name: 'Northshire', goLiveDate: '2027-04-01' });
    ids.east = await registerProgramme(t, { name: 'Eastmoor', goLiveDate: '2028-06-01' });
    ids.west = await registerProgramme(t, { name: 'Westmere', goLiveDate: '2026-10-01' });
    ids.south = await registerProgramme(t, { name: 'Southvale', goLiveDate: '2026-09-01' });
    const describe = (id: string, body: object) => t.http().put(api(id, '/description')).send(body).expect(200);
    await describe(ids.north, { region: 'north-west', deliveryModel: 'trust', inspectionJudgement: 'Ofsted inadequate, January 2025', leadAdviser: 'Adviser A' });
    await describe(ids.east, { region: 'east-of-england', deliveryModel: 'mutual', leadAdviser: 'Adviser B' });
    await describe(ids.west, { region: 'north-west', deliveryModel: 'trust', leadAdviser: 'Adviser B' });
    await describe(ids.south, { region: 'south-west', deliveryModel: 'community-interest-company' });
    // Northshire: a staff group, a novation, an SLA, a critical finding, a move, the board's confidence over time.
    await t.http().post(api(ids.north, '/staff-groups')).send({ reference: 'STAFF-01', team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps' }).expect(201);
    await t.http().post(api(ids.north, '/contracts')).send(contractBody).expect(201);
    await t.http().post(api(ids.north, '/findings')).send({ area: 'contracts', title: 'Supplier silent on novation', description: 'd', severity: 'critical', owner: 'Procurement', dueDate: '2027-01-31' }).expect(201);
    // Southvale went live on its go and closed; Westmere went live on its go.
    t.setNow('2026-08-20T10:00:00.000Z');
    for (const id of [ids.west, ids.south]) await t.http().post(api(id, '/decisions')).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready' }).expect(201);
    t.setNow('2026-09-01T10:00:00.000Z');
    await t.http().post(api(ids.south, '/go-live')).send({ date: '2026-09-01' }).expect(200);
    t.setNow('2026-09-15T10:00:00.000Z');
    await closeProgramme(t, ids.south);
    t.setNow('2026-10-01T10:00:00.000Z');
    await t.http().post(api(ids.west, '/go-live')).send({ date: '2026-10-01' }).expect(200);
    t.setNow('2026-10-20T10:00:00.000Z');
    await t.http().post(api(ids.north, '/decisions')).send({ type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }).expect(201);
    await t.http().post(api(ids.east, '/go-live-date/moves')).send({ date: '2028-09-01', reasons: ['pensions', 'tupe'], note: 'Actuary late' }).expect(201);
    t.setNow('2026-11-25T10:00:00.000Z');
    await t.http().post(api(ids.north, '/decisions')).send({ type: 'delivery-confidence', rating: 'amber-red', rationale: 'Novation stalled' }).expect(201);
    t.setNow('2026-12-01T10:00:00.000Z');
    viewer = await person('viewer@department.example', 'Portfolio viewer');
    lead = await person('lead@department.example', 'North West lead');
  }, 120_000);
  afterAll(async () => t?.close());

  it('lists every programme with its computed readiness, the board’s confidence then and four weeks before, and totals', async () => {
    const { programmes, totals, of } = await portfolio();
    expect(of).toBe(4);
    expect(names(programmes)).toEqual(['Southvale', 'Westmere', 'Northshire', 'Eastmoor']);
    const north = programmes.find((r) => r.name === 'Northshire')!;
    expect(north).toMatchObject({ region: 'north-west', deliveryModel: 'trust', leadAdviser: 'Adviser A', status: 'active', openCritical: 1, deliveryConfidence: { rating: 'amber-red', fourWeeksAgo: 'amber' } });
    expect(north.readiness).not.toBeNull();
    expect(north.blockers).toBeGreaterThan(0);
    expect(programmes.find((r) => r.name === 'Eastmoor')).toMatchObject({ goLiveMoves: 1, goLiveDate: '2028-09-01', deliveryConfidence: null });
    expect(programmes.find((r) => r.name === 'Southvale')).toMatchObject({ status: 'closed' });
    expect(totals).toMatchObject({ programmes: 4, goingLiveWithin3Months: 0, openCritical: 1, goLiveMoves: 1 });
  });

  it('filters by region, delivery model, go-live month, readiness and lead adviser, and sorts by any column', async () => {
    expect(names((await portfolio('?region=north-west')).programmes)).toEqual(['Westmere', 'Northshire']);
    expect(names((await portfolio('?model=mutual')).programmes)).toEqual(['Eastmoor']);
    expect(names((await portfolio('?goLiveMonth=2027-04')).programmes)).toEqual(['Northshire']);
    expect(names((await portfolio('?adviser=Adviser%20B')).programmes)).toEqual(['Westmere', 'Eastmoor']);
    const north = (await portfolio()).programmes.find((r) => r.name === 'Northshire')!;
    expect(names((await portfolio(`?rating=${north.readiness}`)).programmes)).toContain('Northshire');
    expect(names((await portfolio('?sort=name&order=desc')).programmes)).toEqual(['Westmere', 'Southvale', 'Northshire', 'Eastmoor']);
    expect((await portfolio('?sort=openCritical&order=desc')).programmes[0].name).toBe('Northshire');
    const bad = await t.http().get('/api/portfolio?region=atlantis&goLiveMonth=April&sort=colour').expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['region', 'sort', 'goLiveMonth']);
  });

  it('compares the programmes: ELI, novations, SLAs, buy-back, date moves by reason, findings per 100 items', async () => {
    const { programmes } = await portfolio();
    const north = programmes.find((r) => r.name === 'Northshire')!;
    expect(north.compare.novationsByT4).toEqual({ count: 0, of: 1, percent: 0 });
    expect(north.compare.eliOnTime).toEqual({ count: 0, of: 0, percent: null });
    expect(north.compare.findingsPer100Items.contracts).toBe(100);
    expect(north.compare.findingsPer100).toBe(50);
    expect(programmes.find((r) => r.name === 'Eastmoor')!.compare.movesByReason).toEqual({ pensions: 1, tupe: 1 });
  });

  it('exports what is shown as CSV and XLSX', async () => {
    const csv = await t.http().get('/api/portfolio?format=csv&region=north-west').expect(200).expect('content-type', /text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Programme,Council,Region,Delivery model,Lead adviser,Status,Go-live,/);
    const xlsx = await t.http().get('/api/portfolio?format=xlsx').buffer(true).parse(binaryBody).expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    expect(workbook.worksheets[0].actualRowCount).toBe(5);
    expect((await t.http().get('/api/portfolio?format=pdf').expect(400)).body.details).toEqual([{ field: 'format', problem: 'must be one of: json, csv, xlsx' }]);
  });

  it('answers as the portfolio stood on a past day', async () => {
    const then = await portfolio('?asOf=2026-11-01');
    const north = then.programmes.find((r) => r.name === 'Northshire')!;
    expect(north.deliveryConfidence).toEqual({ rating: 'amber', fourWeeksAgo: null });
    expect(then.programmes.find((r) => r.name === 'Westmere')).toMatchObject({ status: 'live' });
    expect((await portfolio('?asOf=2026-09-20')).programmes.find((r) => r.name === 'Westmere')).toMatchObject({ status: 'active' });
    expect((await portfolio('?asOf=2025-12-01')).programmes).toEqual([]);
    expect((await t.http().get('/api/portfolio?asOf=2027-01-01').expect(400)).body.details).toEqual([{ field: 'asOf', problem: 'must not be in the future' }]);
  });

  it('a portfolio viewer reads every programme and writes none; a regional lead sees only the region; anyone else only their own', async () => {
    expect((await portfolio('', viewer.token)).programmes).toEqual([]);
    await t.http(viewer.token).get(api(ids.north)).expect(404);
    await t.http().put(`/api/users/${viewer.id}/portfolio-access`).send({ reads: 'all' }).expect(200);
    await t.http().put(`/api/users/${lead.id}/portfolio-access`).send({ reads: 'region', region: 'north-west' }).expect(200);
    expect(names((await portfolio('', viewer.token)).programmes)).toHaveLength(4);
    expect(names((await portfolio('', lead.token)).programmes)).toEqual(['Westmere', 'Northshire']);
    // Read as an auditor reads; never written.
    await t.http(viewer.token).get(api(ids.north, '/readiness')).expect(200);
    await t.http(viewer.token).get(`/programmes/${ids.north}`).expect(200);
    expect(textOf((await t.http(lead.token).get('/programmes').expect(200)).text)).toMatch(/Westmere.*Northshire|Northshire.*Westmere/);
    expect(textOf((await t.http(lead.token).get('/programmes').expect(200)).text)).not.toContain('Eastmoor');
    await t.mark();
    await t.http(viewer.token).post(api(ids.north, '/findings')).send({ area: 'contracts', title: 'x', description: 'd', severity: 'low', owner: 'o', dueDate: '2027-01-31' }).expect(403);
    await t.http(viewer.token).put(api(ids.north, '/description')).send({ region: 'london' }).expect(403);
    await t.http(lead.token).get(api(ids.east)).expect(404);
    expect(await t.events()).toEqual([]);
    // Only an administrator grants it, and a wrong request names its field.
    await t.http(viewer.token).put(`/api/users/${lead.id}/portfolio-access`).send({ reads: 'all' }).expect(403);
    await t.mark();
    expect((await t.http().put(`/api/users/${lead.id}/portfolio-access`).send({ reads: 'region' }).expect(400)).body.details).toEqual([{ field: 'region', problem: 'is required to read the programmes of a region' }]);
    expect(await t.events()).toEqual([]);
    // Taken away, it is gone.
    await t.http().put(`/api/users/${lead.id}/portfolio-access`).send({ reads: 'none' }).expect(200);
    expect((await portfolio('', lead.token)).programmes).toEqual([]);
  });

  it('is granted by an administrator from the person’s page', async () => {
    const admin = await signInSession(t, 'admin@localhost', ADMIN_PASSWORD);
    const http = () => request(t.app.getHttpServer());
    const userPage = textOf((await http().get(`/admin/users/${lead.id}`).set('cookie', admin.cookie).expect(200)).text);
    expect(userPage).toContain('Portfolio access None beyond their memberships.');
    const refused = await http().post(`/admin/users/${lead.id}/portfolio-access`).set('cookie', admin.cookie).type('form').send({ _csrf: admin.csrf, reads: 'delivery-model' }).expect(400);
    expect(summaryOf(refused.text)).toEqual([expect.stringMatching(/^deliveryModel: /)]);
    const done = await http().post(`/admin/users/${lead.id}/portfolio-access`).set('cookie', admin.cookie).type('form').send({ _csrf: admin.csrf, reads: 'delivery-model', deliveryModel: 'mutual' }).expect(303);
    expect(done.headers.location).toBe(`/admin/users/${lead.id}?done=portfolio-access`);
    expect(names((await portfolio('', lead.token)).programmes)).toEqual(['Eastmoor']);
    expect(textOf((await http().get(`/admin/users/${lead.id}`).set('cookie', admin.cookie).expect(200)).text)).toContain('Reads every mutual programme, read-only.');
  });

  it('types a programme with its history, refusing what is not a region or model', async () => {
    await t.mark();
    const bad = await t.http().put(api(ids.east, '/description')).send({ region: 'atlantis', deliveryModel: 'cooperative' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['region', 'deliveryModel']);
    expect(await t.events()).toEqual([]);
    const audit = JSON.stringify((await t.http().get(api(ids.north, '/audit?limit=50')).expect(200)).body);
    expect(audit).toContain('Described the programme');
  });

  it('is a page with the filters, totals, table and comparisons', async () => {
    const page = textOf((await t.http().get('/portfolio?region=north-west').expect(200)).text);
    expect(page).toContain('2 programmes of 4:');
    expect(page).toContain('Northshire');
    expect(page).not.toContain('Eastmoor Eastmoor');
    expect(page).toContain('How they compare');
    expect(textOf((await t.http().get('/portfolio?region=atlantis').expect(400)).text)).toContain('region');
  });

  withChromium('passes axe', async () => {
    expect(await violationsOnPages(t, ADMIN_TOKEN, ['/portfolio', '/portfolio?region=north-west', `/programmes/${ids.north}/description`, `/programmes/${ids.north}/settings`, `/admin/users/${lead.id}`, `/admin/users/${lead.id}/portfolio-access`])).toEqual({});
  });
});
