import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import request from 'supertest';
import { SignedDigest, loadPublicKey, verifyDigest } from '@tracker/audit';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) process.stdout.write(`Board pack PDF and browser tests SKIPPED: ${CHROMIUM} is missing (install Debian's chromium; .ci/run does).\n`);
const withChromium = haveChromium ? it : it.skip;

/** The page's text as a reader sees it: tags gone, entities decoded, spaces collapsed. */
function textOf(html: string): string {
  return decoded(html.replace(/<\/?(code|strong|span|a)\b[^>]*>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
}
function decoded(html: string): string {
  return html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
/** One part of the page, by its data-testid, as text. */
function part(html: string, testid: string): string {
  const match = new RegExp(`<(\\w+)[^>]*data-testid="${testid}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  if (!match) throw new Error(`The page has no ${testid}`);
  return textOf(match[2]);
}
const digestIn = (html: string): SignedDigest => JSON.parse(decoded(/data-testid="signed-digest">([\s\S]*?)<\/pre>/.exec(html)![1]));
const STAMP = /Prepared 22 November 2026 at 10:00am from (\d+) events up to position (\d+)\. Chain head SHA-256 ([0-9a-f]{64})\./g;

/** Collects a binary answer (the PDF) as bytes. */
const bytes = (response: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('the board pack', () => {
  let t: TestApp;
  let programmeId: string;
  const tokens: Record<'adviser' | 'board' | 'auditor' | 'stranger', string> = { adviser: '', board: '', auditor: '', stranger: '' };
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;
  const pagePath = () => `/programmes/${programmeId}/board-pack`;
  const anonymous = () => request(t.app.getHttpServer());

  async function person(role: keyof typeof tokens): Promise<string> {
    const id = (await t.http().post('/api/users').send({ email: `${role}@tracker.example`, name: `A ${role}` }).expect(201)).body.id as string;
    if (role !== 'stranger') await t.http().post(api('/members')).send({ userId: id, role }).expect(201);
    return (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token as string;
  }

  beforeAll(async () => {
    t = await startTestApp({}, '2026-09-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    const contract = (await t.http().post(api('/contracts')).send(contractBody).expect(201)).body.id;
    await t.http().post(api('/findings')).send({ itemId: contract, title: 'Carefirst has not consented to novation', description: 'd', severity: 'critical', owner: 'Head of Legal', dueDate: '2027-01-31' }).expect(201);
    await t.http().post(api('/findings')).send({ area: 'systems', title: 'No data sharing agreement for Mosaic', description: 'd', severity: 'high', owner: 'Head of ICT', dueDate: '2026-10-15' }).expect(201);
    await t.http().post(api('/findings')).send({ area: 'assets', title: 'Vehicle leases unclear', description: 'd', severity: 'medium', owner: 'Estates', dueDate: '2027-02-01' }).expect(201);
    await t.http().post(api('/findings')).send({ area: 'processes', title: 'FOI process undocumented', description: 'd', severity: 'low', owner: 'Information governance', dueDate: '2027-02-01' }).expect(201);
    const resolved = (await t.http().post(api('/findings')).send({ area: 'systems', title: 'Payroll access untested', description: 'd', severity: 'high', owner: 'Head of HR', dueDate: '2026-12-01', evidence: [{ link: 'https://documents.example/test.pdf' }] }).expect(201)).body.id;
    await t.http().post(api(`/findings/${resolved}/resolve`)).send({ resolution: 'Tested on 1 September' }).expect(200);

    const payroll = (await t.http().post(api('/slas')).send({ reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time'], annualPrice: 85000, termMonths: 36 }).expect(201)).body.id;
    await t.http().post(api('/budgets/buy-back')).send({ slaId: payroll, financialYear: '2027-28', amount: 85000 }).expect(200);
    await t.http().post(api('/budgets/buy-back')).send({ slaId: payroll, financialYear: '2028-29', amount: 87500 }).expect(200);
    await t.http().post(api('/budgets/envelopes')).send({ financialYear: '2027-28', amount: 60000 }).expect(200);

    t.setNow('2026-10-01T09:00:00.000Z');
    await t.http().post(api('/go-live-date/confirmation')).send({ date: '2027-04-01' }).expect(200);
    await t.http().post(api('/go-live-date/moves')).send({ date: '2027-06-01', reasons: ['pensions'], note: 'LGPS admission agreement late' }).expect(201);
    t.setNow('2026-11-22T10:00:00.000Z');
    for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = await person(role);
  }, 60_000);
  afterAll(async () => t?.close());

  it('holds the readiness, blockers, open findings, buy-back and go-live history the dashboard shows', async () => {
    const dashboard = (await t.http().get(api('/dashboard')).expect(200)).body;
    expect(dashboard.openFindings.bySeverity).toEqual({ critical: 1, high: 1, medium: 1, low: 1 });
    const html = (await t.http(tokens.auditor).get(pagePath()).expect(200).expect('content-type', /text\/html/)).text;

    expect(textOf(html)).toContain('Northshire children’s services transition');
    expect(part(html, 'readiness')).toContain(`Days to go ${dashboard.readiness.daysToGoLive}`);
    expect(part(html, 'readiness')).toContain('1 June 2027');
    expect(part(html, 'open-findings')).toContain('Severity Open Critical 1 High 1 Medium 1 Low 1 In all 4');

    const serious = part(html, 'serious-findings');
    expect(serious).toContain('Critical Carefirst has not consented to novation NCC-0412 Head of Legal 31 January 2027');
    expect(serious).toContain('High No data sharing agreement for Mosaic Systems Head of ICT 15 October 2026 Overdue');
    expect(serious).not.toContain('Payroll access untested');
    expect(serious).not.toContain('Vehicle leases unclear');

    const blockers = part(html, 'blockers');
    expect(dashboard.readiness.blockers.length).toBeGreaterThan(0);
    for (const blocker of dashboard.readiness.blockers) expect(blockers).toContain(blocker.message);
    // Overdue by the findings' own due dates, as the serious findings above are tagged: the high
    // one (due 15 October) is overdue, the critical one (due 31 January) blocks but is not.
    expect(part(html, 'blocking-rules')).toContain('An open critical finding blocks go-live for what it touches Practice in council-to-trust transitions (assurance findings) 1 0');
    expect(part(html, 'blocking-rules')).toContain('An open high finding puts what it touches at risk Practice in council-to-trust transitions (assurance findings) 1 1');

    expect(part(html, 'buy-back')).toContain('2027-28 (year one) £85,000 £60,000 Over 2028-29 £87,500 — No envelope');
    const history = part(html, 'go-live-history');
    expect(history).toContain('1 October 2026 Confirmed: 1 April 2027');
    expect(history).toContain('Moved later from 1 April 2027 to 1 June 2027 Pensions LGPS admission agreement late');
  });

  it('is stamped, top and foot, with the chain head it shows, signed with the key the API publishes, and writes nothing', async () => {
    const before = await t.events();
    const html = (await t.http(tokens.board).get(pagePath()).expect(200)).text;
    const stamps = [...textOf(html).matchAll(STAMP)].map(([, events, position, hash]) => ({ eventCount: Number(events), position: Number(position), headHash: hash }));
    expect(stamps).toHaveLength(2);
    expect(stamps[1]).toEqual(stamps[0]);
    expect(await t.events()).toHaveLength(before.length);
    expect((await t.http().get(api('/digests')).expect(200)).body.items).toHaveLength(0);

    const taken = (await t.http(tokens.board).post(api('/digests')).expect(201)).body;
    expect(stamps[0]).toEqual({ eventCount: taken.eventCount, position: taken.position, headHash: taken.headHash });
    const digest = digestIn(html);
    expect(digest).toMatchObject({ programmeId, ...stamps[0], reason: 'board pack', takenAt: '2026-11-22T10:00:00.000Z' });
    const key = loadPublicKey((await t.http(tokens.auditor).get(api('/digests')).expect(200)).body.publicKey);
    expect(verifyDigest(digest, key)).toBe(true);
    expect(verifyDigest({ ...digest, eventCount: digest.eventCount - 1 }, key)).toBe(false);
    expect((await t.http(tokens.auditor).post(api('/verify')).send({ digests: [digest] }).expect(200)).body).toMatchObject({ valid: true });

    await t.http().post(api('/findings')).send({ area: 'governance', title: 'Services contract unsigned', description: 'd', severity: 'critical', owner: 'Director', dueDate: '2027-03-01' }).expect(201);
    const later = (await t.http(tokens.board).get(pagePath()).expect(200)).text;
    expect(digestIn(later)).toMatchObject({ eventCount: digest.eventCount + 1, position: expect.any(Number) });
    expect(digestIn(later).headHash).not.toBe(digest.headHash);
    expect(part(later, 'open-findings')).toContain('Critical 2');
  });

  it('is for members only: 404 to anyone else, sign-in or 401 without credentials', async () => {
    await t.http(tokens.stranger).get(pagePath()).expect(404);
    await t.http(tokens.stranger).get(api('/board-pack.pdf')).expect(404).expect('content-type', /json/);
    expect((await anonymous().get(pagePath()).expect(303)).headers.location).toBe(`/sign-in?next=${encodeURIComponent(pagePath())}`);
    await anonymous().get(api('/board-pack.pdf')).expect(401);
  });

  it('links from the dashboard, and offers the PDF and printing only on screen', async () => {
    expect((await t.http(tokens.adviser).get(`/programmes/${programmeId}`).expect(200)).text).toContain(`href="${pagePath()}"`);
    const html = (await t.http(tokens.adviser).get(pagePath()).expect(200)).text;
    expect(html).toMatch(new RegExp(`class="govuk-!-display-none-print" data-testid="board-pack-actions">\\s*<p class="govuk-body"><a class="govuk-link" href="${api('/board-pack.pdf')}" download>Download PDF</a>`));
    expect(part(html, 'board-pack-actions')).toContain('To print the pack');
  });

  withChromium('prints the same pack to an A4 PDF named after the programme and the day, writing nothing', async () => {
    const before = await t.events();
    const started = Date.now();
    const response = await t.http(tokens.board).get(api('/board-pack.pdf')).buffer(true).parse(bytes).expect(200);
    const elapsed = Date.now() - started;
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe('attachment; filename="board-pack-northshire-children-s-services-transition-2026-11-22.pdf"');
    const pdf = response.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(pdf.length).toBeLessThan(2_000_000);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // Tagged, for screen readers: marked content with a structure tree, and an outline of the headings.
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/MarkInfo\s*<<[^>]*\/Marked\s+true/);
    expect(text).toContain('/Lang (en)');
    expect(text).toContain('/StructTreeRoot');
    expect(text).toContain('/Outlines');
    expect(await t.events()).toHaveLength(before.length);
    process.stdout.write(`Board pack PDF: ${pages.length} pages, ${pdf.length} bytes, ${elapsed} ms\n`);
  });

  withChromium('passes axe on screen, and prints without navigation, links or buttons', async () => {
    await t.app.listen(0, '127.0.0.1');
    const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    try {
      const context = await browser.newContext({ bypassCSP: true, extraHTTPHeaders: { authorization: `Bearer ${tokens.auditor}` } });
      const page = await context.newPage();
      await page.goto(`${base}${pagePath()}`);
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      const result = await page.evaluate(async () => (globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string }[] }> } }).axe.run());
      expect(result.violations.map((v) => v.id)).toEqual([]);
      expect(await page.isVisible('text=Download PDF')).toBe(true);

      await page.emulateMedia({ media: 'print' });
      for (const hidden of ['.govuk-service-navigation', '.tracker-programme-nav', '.govuk-footer', 'text=Download PDF', 'text=To print the pack', 'text=Sign out']) {
        expect([hidden, await page.isVisible(hidden)]).toEqual([hidden, false]);
      }
      expect(await page.isVisible('[data-testid=stamp]')).toBe(true);
      expect(await page.isVisible('[data-testid=stamp-footer]')).toBe(true);
    } finally {
      await browser.close();
    }
  });
});

describe('the board pack without Chromium', () => {
  it.each([
    ['missing', '/nonexistent/chromium', 'There is no Chromium at /nonexistent/chromium'],
    ['not Chromium at all', '/bin/false', 'Chromium at /bin/false could not print the PDF'],
  ])('answers 503 for the PDF when Chromium is %s, pointing to the printable page', async (_, path, problem) => {
    const t = await startTestApp({ CHROMIUM_PATH: path });
    try {
      const programmeId = await registerProgramme(t);
      const { body } = await t.http().get(`/api/programmes/${programmeId}/board-pack.pdf`).expect(503);
      expect(body).toEqual({
        code: 'PDF_UNAVAILABLE',
        message: expect.stringContaining(problem),
        details: [{ printablePage: `/programmes/${programmeId}/board-pack` }],
      });
      expect(body.message).toContain(`The printable page is at /programmes/${programmeId}/board-pack`);
      await t.http().get(`/programmes/${programmeId}/board-pack`).expect(200);
    } finally {
      await t.close();
    }
  });
});
