import { existsSync } from 'node:fs';
import { loadPublicKey, verifyDigest } from '@tracker/audit';
import { binaryBody, violationsOnPages } from './support/browser';
import { contractBody, registerProgramme } from './support/fixtures';
import { ADMIN_TOKEN, startTestApp, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) process.stdout.write(`Go-live picture browser test SKIPPED: ${CHROMIUM} is missing (install Debian's chromium; .ci/run does).\n`);
const withChromium = haveChromium ? it : it.skip;

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ').trim();

/**
 * Going live settles the date and signs the picture of that day; the registers stay open for what
 * is outstanding. On a Northshire-like timetable: go on 25 March 2027, live on 1 April, a
 * contract found on 3 May.
 */
describe('the go-live picture and the registers after go-live', () => {
  let t: TestApp;
  let programmeId: string;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-09-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    await t.http().post(api('/contracts')).send(contractBody).expect(201);
  }, 60_000);
  afterAll(async () => t?.close());

  it('before go-live there is no picture: 404 saying when it is taken, on the API and the page', async () => {
    const { body } = await t.http().get(api('/go-live-picture')).expect(404);
    expect(body.message).toBe('The programme has not gone live: its go-live picture is signed when go-live is recorded');
    const page = await t.http().get(`/programmes/${programmeId}/go-live-picture`).expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(textOf(page.text)).toContain('its go-live picture is signed when go-live is recorded');
  });

  it('is signed as go-live is recorded, judged on that day, and stays as it was whatever the tail records', async () => {
    t.setNow('2027-03-25T10:00:00.000Z');
    await t.http().post(api('/decisions')).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready enough' }).expect(201);
    t.setNow('2027-04-01T08:00:00.000Z');
    await t.http().post(api('/go-live')).send({ date: '2027-04-01' }).expect(200);
    const picture = (await t.http().get(api('/go-live-picture')).expect(200)).body;
    expect(picture.digest).toMatchObject({ programmeId, reason: 'go-live', takenAt: '2027-04-01T08:00:00.000Z' });
    expect(verifyDigest(picture.digest, loadPublicKey((await t.http().get(api('/digests')).expect(200)).body.publicKey))).toBe(true);
    expect(picture.dashboard.readiness).toMatchObject({ today: '2027-04-01', phase: 'since-go-live', wentLiveOn: '2027-04-01' });
    // On the day, the novation deed is due and not yet late: at risk.
    expect(picture.dashboard.readiness.areas.find((a: { area: string }) => a.area === 'contracts').itemCounts).toMatchObject({ 'at-risk': 1 });

    // A month on, a contract nobody had listed is registered, and the first one amended: the tail is open.
    t.setNow('2027-05-03T10:00:00.000Z');
    const late = (await t.http().post(api('/contracts')).send({ ...contractBody, reference: 'NCC-C-0999', supplier: 'Citywide Taxis Ltd' }).expect(201)).body.id;
    await t.http().patch(api(`/contracts/${late}`)).send({ annualValue: 99_000 }).expect(200);
    const now = (await t.http().get(api('/dashboard')).expect(200)).body;
    // A month after go-live both are overdue: not ready, as outstanding since go-live.
    expect(now.readiness.areas.find((a: { area: string }) => a.area === 'contracts').itemCounts).toMatchObject({ 'not-ready': 2 });
    expect((await t.http().get(api('/go-live-picture')).expect(200)).body).toEqual(picture);
  });

  it('the dashboard says when it went live and links the picture; the page shows the picture with its stamp', async () => {
    const dashboard = (await t.http().get(`/programmes/${programmeId}`).expect(200)).text;
    expect(textOf(dashboard)).toMatch(/Went live on 1 April 2027 ?\./);
    expect(dashboard).toContain(`href="/programmes/${programmeId}/go-live-picture"`);
    expect(dashboard).not.toContain('data-testid="days-to-go-live"');
    expect(dashboard).not.toContain('/go-live-date/move');
    const page = (await t.http().get(`/programmes/${programmeId}/go-live-picture`).expect(200)).text;
    expect(textOf(page)).toContain('Go-live picture');
    expect(textOf(page)).toContain('The programme as it stood when go-live on 1 April 2027 was recorded, signed then and kept for good');
    expect(textOf(page)).toContain('Prepared 1 April 2027 at 9:00am');
    expect(page).toContain(`/api/programmes/${programmeId}/go-live-picture.pdf`);
  });

  withChromium('prints to PDF, and passes axe on screen', async () => {
    const pdf = await t
      .http()
      .get(api('/go-live-picture.pdf'))
      .buffer(true)
      .parse(binaryBody)
      .expect(200)
      .expect('content-type', 'application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.headers['content-disposition']).toMatch(/go-live-picture-.*-2027-05-03\.pdf|go-live-picture-.*-2027-04-01\.pdf/);

    expect(await violationsOnPages(t, ADMIN_TOKEN, [`/programmes/${programmeId}/go-live-picture`])).toEqual({});
  });
});
