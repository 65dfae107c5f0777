import type { Page } from 'playwright-core';
import request from 'supertest';
import type { TestApp } from './test-app';

/** The form token a page carries in its hidden `_csrf` field. */
export const tokenIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1];

/** A page's GOV.UK error summary, as `field: message` for each link. */
export const summaryOf = (html: string): string[] => [...html.matchAll(/<li>\s*<a href="#([^"]+)">([^<]+)<\/a>/g)].map(([, href, text]) => `${href}: ${text.trim()}`);

/** The Ready / At risk / Not ready cells and the "Also judged" cell of an area's row on the dashboard or the board pack. */
export function areaRowOf(html: string, area: string): { numbers: number[]; also: string } {
  const row = new RegExp(`<th scope="row" class="govuk-table__header">${area}</th>([\\s\\S]*?)</tr>`).exec(html)![1];
  const numbers = [...row.matchAll(/govuk-table__cell--numeric">(\d+)</g)].map((m) => Number(m[1]));
  const also = />([^<]*)<\/td>\s*$/.exec(row)![1].trim();
  return { numbers, also };
}

const cookieNamed = (response: request.Response, name: string): string =>
  ([] as string[]).concat(response.headers['set-cookie']).find((c) => c.startsWith(`${name}=`))!.split(';')[0];

/**
 * Signs in through the sign-in page as a browser does (its form token must match its cookie) and
 * answers the session cookie and the form token the tracker's pages then carry.
 */
export async function signInSession(t: TestApp, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const anonymous = () => request(t.app.getHttpServer());
  const form = await anonymous().get('/sign-in').expect(200);
  const signed = await anonymous().post('/sign-in').set('cookie', cookieNamed(form, 'tracker_sign_in')).type('form').send({ email, password, _csrf: tokenIn(form.text) }).expect(303);
  const cookie = cookieNamed(signed, 'tracker_session');
  const csrf = tokenIn((await anonymous().get('/programmes').set('cookie', cookie).expect(200)).text);
  return { cookie, csrf };
}

/** A new user with a password and an API token, made a member of the programme in this role. */
export async function memberWithPassword(
  t: TestApp,
  programmeId: string,
  role: 'adviser' | 'board' | 'auditor',
  email: string,
  password: string,
): Promise<{ id: string; token: string }> {
  const id = (await t.http().post('/api/users').send({ email, name: `A ${role}` }).expect(201)).body.id as string;
  const token = (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token as string;
  await t.http(token).put(`/api/users/${id}/password`).send({ password }).expect(200);
  await t.http().post(`/api/programmes/${programmeId}/members`).send({ userId: id, role }).expect(201);
  return { id, token };
}

/** axe-core's violations on a page in a real browser, as `rule: selectors`; the page needs bypassCSP to take the script. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => (globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run());
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Collects a binary answer (a PDF, a workbook) as bytes: for supertest's `.buffer(true).parse(binaryBody)`. */
export const binaryBody = (response: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * axe-core's violations on each page, visited in a real Chromium as the holder of `token`: the app
 * is put on a port first. Empty when every page passes.
 */
export async function violationsOnPages(t: TestApp, token: string, paths: readonly string[], executablePath = '/usr/bin/chromium'): Promise<Record<string, string[]>> {
  const { chromium } = await import('playwright-core');
  await t.app.listen(0, '127.0.0.1');
  const base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
  const browser = await chromium.launch({ executablePath });
  try {
    const context = await browser.newContext({ bypassCSP: true, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const page = await context.newPage();
    const found: Record<string, string[]> = {};
    for (const path of paths) {
      await page.goto(`${base}${path}`);
      const violations = await accessibilityViolations(page);
      if (violations.length > 0) found[path] = violations;
    }
    return found;
  } finally {
    await browser.close();
  }
}
