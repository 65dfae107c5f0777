import { existsSync } from 'node:fs';
import { chromium, Browser, Page } from 'playwright-core';
import { contractBody, registerProgramme } from './support/fixtures';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';
import { accessibilityViolations } from './support/browser';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'a long enough passphrase';
const haveChromium = existsSync(CHROMIUM);

/** Types a date into GOV.UK's three fields as a person does: 2027-01-31 is 31, 1 and 2027. */
async function fillDate(page: Page, id: string, date: string) {
  const [year, month, day] = date.split('-');
  await page.fill(`#${id}-day`, String(Number(day)));
  await page.fill(`#${id}-month`, String(Number(month)));
  await page.fill(`#${id}-year`, year);
}
if (!haveChromium) process.stdout.write(`Browser tests SKIPPED: ${CHROMIUM} is missing (install Debian's chromium; .ci/run does).\n`);

/** The pages in headless Chromium, as a board member, an adviser and an auditor would use them. */
(haveChromium ? describe : describe.skip)('pages in a browser', () => {
  // Each test is a whole journey of a dozen pages, each checked with axe: on a busy 2-core machine
  // one takes 20 s or more, so the suite's 30 s would fail them for the machine, not the pages.
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let programmeId: string;

  async function member(role: 'adviser' | 'board' | 'auditor') {
    const email = `${role}@tracker.example`;
    const id = (await t.http().post('/api/users').send({ email, name: `A ${role}` }).expect(201)).body.id as string;
    const token = (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token as string;
    await t.http(token).put(`/api/users/${id}/password`).send({ password: PASSWORD }).expect(200);
    await t.http().post(`/api/programmes/${programmeId}/members`).send({ userId: id, role }).expect(201);
    return email;
  }

  async function signedIn(email: string, password = PASSWORD): Promise<Page> {
    const page = await browser.newPage({ bypassCSP: true }); // only so that axe-core can be injected
    await page.goto(`${base}/`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL(`${base}/programmes`);
    return page;
  }

  /** With SCREENSHOTS_DIR set, keeps a picture of the page (the README's come from here). */
  async function screenshot(page: Page, name: string): Promise<void> {
    if (!process.env.SCREENSHOTS_DIR) return;
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.screenshot({ path: `${process.env.SCREENSHOTS_DIR}/${name}.png`, fullPage: true });
  }

  /** axe-core over the whole page: every page type must have no violations. */
  beforeAll(async () => {
    t = await startTestApp({}, '2026-09-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    const contract = (await t.http().post(`/api/programmes/${programmeId}/contracts`).send({ ...contractBody, mechanism: 'novate' }).expect(201)).body.id;
    await t.http().post(`/api/programmes/${programmeId}/findings`).send({ itemId: contract, title: 'No consent yet', description: 'd', severity: 'high', owner: 'Legal', dueDate: '2027-01-31' }).expect(201);
    t.setNow('2026-10-01T09:00:00.000Z');
    await t.http().post(`/api/programmes/${programmeId}/decisions`).send({ type: 'delivery-confidence', rating: 'amber', rationale: 'Consent from Carefirst outstanding' }).expect(201);
    t.setNow('2026-11-22T10:00:00.000Z');
    await member('adviser');
    await member('auditor');
    await member('board');
    await t.app.listen(0, '127.0.0.1');
    base = await t.app.getUrl();
    base = base.replace('[::1]', '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in, shows the dashboard, and a finding raised through the form changes it', async () => {
    const page = await signedIn('adviser@tracker.example');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click(`a[href="/programmes/${programmeId}"]`);
    expect(await page.textContent('h1')).toContain('Northshire');
    expect(await page.textContent('[data-testid=open-findings-total]')).toBe('1');
    expect(await page.locator('svg.tracker-chart').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${base}/programmes/${programmeId}/findings/new`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.selectOption('#area', 'systems');
    await page.fill('#title', 'No data sharing agreement');
    await page.fill('#description', 'Mosaic data goes to the trust with no agreement');
    await page.check('#severity');
    await page.fill('#owner', 'Head of ICT');
    await fillDate(page, 'dueDate', '2027-01-31');
    await page.click('button:has-text("Raise the finding")');
    await page.waitForURL(/\/findings\/[0-9a-f-]{36}\?done=raised$/);
    expect(await page.textContent('.govuk-notification-banner')).toContain('The finding has been raised');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${base}/programmes/${programmeId}`);
    expect(await page.textContent('[data-testid=open-findings-total]')).toBe('2');
    await page.close();
  });

  it('shows the error summary and inline errors for a form with mistakes, and records nothing', async () => {
    const page = await signedIn('adviser@tracker.example');
    const before = (await t.events()).length;
    await page.goto(`${base}/programmes/${programmeId}/findings/new`);
    await page.fill('#title', 'Half a finding');
    await fillDate(page, 'dueDate', '2027-02-30');
    await page.click('button:has-text("Raise the finding")');
    const summary = await page.textContent('.govuk-error-summary');
    expect(summary).toContain('There is a problem');
    expect(summary).toMatch(/Enter the description/);
    expect(summary).toMatch(/Due date/);
    expect(await page.locator('#title').inputValue()).toBe('Half a finding');
    expect(await page.locator('.govuk-error-message').count()).toBeGreaterThanOrEqual(3);
    expect(await page.title()).toMatch(/^Error: /);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await t.events()).length).toBe(before);
    await page.close();
  });

  it('views the programme as it stood on an earlier date, with a clear banner', async () => {
    const page = await signedIn('adviser@tracker.example');
    await page.goto(`${base}/programmes/${programmeId}`);
    await fillDate(page, 'asOf', '2026-09-01');
    await page.click('button:has-text("View as of this date")');
    await page.waitForURL(/asOf=2026-09-01/);
    expect(await page.textContent('.govuk-notification-banner')).toContain('as it stood on 1 September 2026');
    expect(await page.textContent('[data-testid=open-findings-total]')).toBe('1');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${base}/programmes/${programmeId}/registers/contracts?asOf=2026-09-01`);
    expect(await page.textContent('.govuk-notification-banner')).toContain('1 September 2026');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('takes an adviser through registering an item, recording its steps, and a finding from raised to closed', async () => {
    const page = await signedIn('adviser@tracker.example');
    await page.goto(`${base}/programmes/${programmeId}/registers/systems`);
    await page.click('a:has-text("Register a system")');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#reference', 'SYS-9');
    await page.click('button:has-text("Register it")');
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter the name');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#name', 'ContrOCC');
    await page.selectOption('#category', { index: 1 });
    await page.check('#migrationNeeded');
    await page.click('button:has-text("Register it")');
    await page.waitForURL(/\/registers\/systems\/[0-9a-f-]{36}\?done=registered$/);
    expect(await page.textContent('h1')).toBe('SYS-9');
    expect(await accessibilityViolations(page)).toEqual([]);

    // A page of the item's steps, then a page for the one chosen with the fields it records.
    await page.click('a:has-text("Record progress")');
    expect(await accessibilityViolations(page)).toEqual([]);
    // A step the rules would refuse now says so, with what must come first, and offers no link.
    const sharing = page.locator('.govuk-task-list__item', { hasText: 'Data sharing agreement signed' });
    expect(await sharing.locator('.govuk-task-list__status').textContent()).toContain('Cannot start yet');
    expect(await sharing.locator('.govuk-task-list__hint').textContent()).toContain('choose that sourcing option first');
    expect(await sharing.locator('a').count()).toBe(0);
    await page.click('a:has-text("Sourcing option chosen")');
    await page.click('button:has-text("Record the step")');
    expect(await page.textContent('.govuk-error-summary')).toContain('Select the sourcing option');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.check('input[value="transfer"]');
    await page.click('button:has-text("Record the step")');
    await page.waitForURL(/\?done=progress$/);
    expect(await page.textContent('main')).toContain('Sourcing option chosen');

    await page.click('a:has-text("Raise a finding about it")');
    await page.fill('#title', 'No migration plan');
    await page.fill('#description', 'Nobody has tested the migration');
    await page.check('input[name="severity"][value="medium"]');
    await page.fill('#owner', 'Head of ICT');
    await fillDate(page, 'dueDate', '2027-01-31');
    await page.click('button:has-text("Raise the finding")');
    await page.waitForURL(/\?done=raised$/);
    await page.click('a:has-text("Mark it resolved")');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#resolution', 'Migration rehearsed in October');
    await page.fill('#evidence-link', 'https://northshire.example/migration-rehearsal.pdf');
    await page.click('button:has-text("Mark it resolved")');
    await page.waitForURL(/\?done=resolve$/);
    expect(await page.textContent('[data-testid=finding-status]')).toBe('Resolved');
    await page.click('a:has-text("Close it")');
    await page.click('button:has-text("Close the finding")');
    await page.waitForURL(/\?done=close$/);
    expect(await page.textContent('[data-testid=finding-status]')).toBe('Closed');
    await page.click('a:has-text("Add a note")');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('imports a register from a file in the browser: problems listed, then the whole file recorded', async () => {
    const page = await signedIn('adviser@tracker.example');
    await page.goto(`${base}/programmes/${programmeId}/registers/processes`);
    await page.click('a:has-text("Import from a spreadsheet")');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setInputFiles('#file', { name: 'processes.csv', mimeType: 'text/csv', buffer: Buffer.from('Process Ref,Process Name\r\nBP-1,Payments\r\nBP-1,Complaints\r\n') });
    await page.click('button:has-text("Check and import")');
    expect(await page.textContent('.govuk-error-summary')).toContain('One problem in the file; nothing was recorded.');
    expect(await page.textContent('[data-testid=problems]')).toContain('repeats the reference in row 2');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.setInputFiles('#file', { name: 'processes.csv', mimeType: 'text/csv', buffer: Buffer.from('Process Ref,Process Name\r\nBP-1,Payments\r\nBP-2,Complaints\r\n') });
    await page.click('button:has-text("Check and import")');
    expect(await page.textContent('.govuk-panel')).toContain('2 rows recorded');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click('a:has-text("Go to the register")');
    expect(await page.textContent('main')).toContain('BP-2');
    await page.close();
  });

  it('lets the board rate delivery confidence and move the go-live date, and shows them on the dashboard', async () => {
    const page = await signedIn('board@tracker.example');
    await page.goto(`${base}/programmes/${programmeId}`);
    expect(await page.locator('text=Raise a finding').count()).toBe(0);
    await page.click('a:has-text("Rate delivery confidence")');
    await page.click('button:has-text("Record the decision")');
    expect(await page.textContent('.govuk-error-summary')).toContain('Select the delivery confidence');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.check('input[name="rating"][value="amber-red"]');
    await page.fill('#rationale', 'Staff consultation is behind');
    await page.click('button:has-text("Record the decision")');
    await page.waitForURL(/\?done=decided$/);
    expect(await page.textContent('main')).toContain('Staff consultation is behind');
    await page.click('a:has-text("Move the go-live date")');
    expect(await accessibilityViolations(page)).toEqual([]);
    await fillDate(page, 'date', '2027-06-01');
    await page.check('input[name="reasons"][value="tupe"]');
    await page.fill('#note', 'Consultation needs six more weeks');
    await page.click('button:has-text("Move the date")');
    await page.waitForURL(/\?done=moved$/);
    expect(await page.textContent('[data-testid=days-to-go-live]')).toBe('191');
    expect(await page.textContent('main')).toContain('moved later from 1 April 2027 to 1 June 2027 (TUPE and staff transfer)');
    await page.close();
  });

  it('shows an auditor no write actions, and refuses the form if asked for it', async () => {
    const page = await signedIn('auditor@tracker.example');
    await page.goto(`${base}/programmes/${programmeId}/findings`);
    expect(await page.locator('text=Raise a finding').count()).toBe(0);
    const refused = await page.goto(`${base}/programmes/${programmeId}/findings/new`);
    expect(refused?.status()).toBe(403);
    expect(await page.textContent('h1')).toContain('You cannot do that');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('shows an auditor the trail, verifies the chain, and shows what the board saw at a decision', async () => {
    const page = await signedIn('auditor@tracker.example');
    await page.goto(`${base}/programmes/${programmeId}/audit`);
    expect(await page.textContent('h1')).toBe('Audit trail');
    expect(await page.locator('tbody tr').count()).toBeGreaterThan(4);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'audit');
    await page.click('button:has-text("Verify the chain")');
    // Coverage in words, never "intact" of events no digest covers.
    expect(await page.textContent('[data-testid=verification]')).toMatch(/^(Events up to position \d+ \([\d,]+ events?\) match the signed digest of .*|No signed digest covers any of these [\d,]+ events?: .*)$/);
    expect(await page.textContent('main')).not.toMatch(/intact/);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Decisions are named by what they decided.
    await page.click('a:has-text("Delivery confidence: Amber")');
    expect(await page.textContent('.govuk-inset-text')).toContain('What the board saw');
    // The board's own rating is not yet on the dashboard it saw: the decision came after.
    expect(await page.textContent('main')).toContain('The board has not rated delivery confidence yet');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${base}/programmes/${programmeId}`);
    await screenshot(page, 'dashboard');
    await page.close();
  });

  it('opens an item and a finding with their readiness and full history', async () => {
    const page = await signedIn('auditor@tracker.example');
    await page.goto(`${base}/programmes/${programmeId}/registers/contracts`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click(`a:has-text("${contractBody.reference}")`);
    expect(await page.textContent('h1')).toBe(contractBody.reference);
    expect(await page.textContent('[data-testid=item-readiness]')).toMatch(/At risk|Not ready/);
    expect(await page.textContent('main')).toContain('Contract registered');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click('a:has-text("No consent yet")');
    expect(await page.textContent('h1')).toBe('No consent yet');
    expect(await page.textContent('[data-testid=finding-status]')).toBe('Open');
    expect(await page.textContent('main')).toContain('Finding raised');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('has an accessible sign-in page, with the GOV.UK error pattern for a wrong password', async () => {
    const page = await browser.newPage({ bypassCSP: true }); // only so that axe-core can be injected
    await page.goto(`${base}/sign-in`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#email', 'adviser@tracker.example');
    await page.fill('#password', 'not the password at all');
    await page.click('button:has-text("Sign in")');
    expect(await page.textContent('.govuk-error-summary')).toContain('The email address or password is not right');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('lets the board change the programme settings, decide a go with conditions, and follow it in the decision log', async () => {
    const page = await signedIn('board@tracker.example');
    await page.goto(`${base}/programmes/${programmeId}`);
    await page.click('nav.tracker-programme-nav a:has-text("Settings")');
    expect(await page.textContent('h1')).toBe('Programme settings');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.uncheck('input[name="body-project-board"][value="go-no-go"]');
    await page.click('button:has-text("Save the settings")');
    expect(await page.textContent('.govuk-error-summary')).toContain('nobody would take: go / no-go for go-live');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.check('input[name="body-department"][value="go-no-go"]');
    await page.click('button:has-text("Save the settings")');
    await page.waitForURL(/\/settings\?done=settings$/);
    expect(await page.textContent('.govuk-notification-banner')).toContain('The programme’s settings have been changed.');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.goto(`${base}/programmes/${programmeId}/decisions/go-no-go`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.check('input[name="decision"][value="go"]');
    await page.fill('#reasons', 'Ready but for one deed');
    await page.check('input[name="body"][value="department"]');
    await page.fill('#attendees', 'Director of Children’s Services\nDfE adviser');
    await page.fill('#conditions-1-text', 'Novation deed for Carefirst signed');
    await page.fill('#conditions-1-owner', 'Legal');
    await fillDate(page, 'conditions-1-dueOn', '2027-03-15');
    await page.fill('#conditions-2-text', 'Half a condition');
    await page.click('button:has-text("Record the decision")');
    expect(await page.textContent('.govuk-error-summary')).toContain('Condition 2: enter who sees to it');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#conditions-2-text', '');
    await page.click('button:has-text("Record the decision")');
    await page.waitForURL(/\?done=decided$/);

    await page.click('nav.tracker-programme-nav a:has-text("Decisions")');
    expect(await page.textContent('[data-testid=awaiting]')).toContain('Novation deed for Carefirst signed');
    expect(await page.textContent('main')).toContain('The department / Secretary of State');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click('[data-testid=awaiting] a:has-text("record it met")');
    expect(await page.textContent('h1')).toBe('Record a condition met');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click('button:has-text("Record it met")');
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter how the condition was met');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#note', 'Deed signed by all three parties');
    await page.click('button:has-text("Record it met")');
    await page.waitForURL(/\/decisions\?done=condition-met$/);
    expect(await page.textContent('[data-testid=condition]')).toContain('Met');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('lets an administrator register a programme already under way, and says when it began', async () => {
    const page = await signedIn('admin@localhost', ADMIN_PASSWORD);
    await page.click('a:has-text("Register a programme")');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#name', 'Southshire transition');
    await page.click('button:has-text("Register the programme")');
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter the council');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#council', 'Southshire Council');
    await page.fill('#newBody', 'Southshire Children’s Trust');
    await page.selectOption('#legalForm', 'company-limited-by-guarantee');
    await page.fill('#servicesInScope', 'children’s social care');
    await fillDate(page, 'goLiveDate', '2027-09-01');
    await fillDate(page, 'startedOn', '2025-10-01');
    await page.click('button:has-text("Register the programme")');
    await page.waitForURL(/\/programmes\/[0-9a-f-]{36}\?done=programme$/);
    expect(await page.textContent('[data-testid=began-on]')).toContain('Began on 1 October 2025');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
  it('lets an administrator add a person and make them a member, on accessible pages', async () => {
    const page = await signedIn('admin@localhost', ADMIN_PASSWORD);
    await page.goto(`${base}/admin/users`);
    await page.click('a:has-text("Add a person")');
    await page.click('button:has-text("Add the person")');
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter the full name');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#name', 'Priya Patel');
    await page.fill('#email', 'priya.patel@northshire.example');
    await page.check('input[name=administrator][value=no]');
    await page.click('button:has-text("Add the person")');
    await page.waitForURL(/\/admin\/users\/[0-9a-f-]{36}\?done=user-created$/);

    await page.goto(`${base}/programmes/${programmeId}/members`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'members');
    await page.click('a:has-text("Add a member")');
    await page.selectOption('#userId', { label: 'Priya Patel (priya.patel@northshire.example)' });
    await page.check('input[name=role][value=adviser]');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click('button:has-text("Add the member")');
    await page.waitForURL(`${base}/programmes/${programmeId}/members?done=member-added`);
    expect(await page.textContent('[data-testid=members]')).toContain('Priya Patel');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('lets a board member check a pack by pasting its digest, on accessible pages, its mistakes named on the field', async () => {
    const page = await signedIn('board@tracker.example');
    await page.goto(`${base}/programmes/${programmeId}/board-pack`);
    const digest = (await page.textContent('[data-testid=signed-digest]'))!;
    await page.click('a:has-text("Check a board pack")');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click('button:has-text("Check the pack")');
    expect(await page.textContent('.govuk-error-summary')).toContain('Enter the signed digest, or choose a file that holds it');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click('.govuk-error-summary a');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('digest');
    await page.fill('#digest', digest);
    await page.click('button:has-text("Check the pack")');
    expect(await page.textContent('.govuk-panel__title')).toContain('This pack is genuine');
    expect(await accessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'board-pack-check');
    await page.close();
  });

  it('has the service’s own pages, lists, dates and past-day errors accessible, and nothing scrolls sideways at 320 px', async () => {
    const anonymous = await browser.newPage({ bypassCSP: true });
    for (const path of ['/cookies', '/privacy', '/accessibility']) {
      await anonymous.goto(`${base}${path}`);
      expect(await anonymous.textContent('.govuk-phase-banner')).toContain('Beta');
      expect(await accessibilityViolations(anonymous)).toEqual([]);
    }
    await anonymous.goto(`${base}/cookies`);
    expect(await anonymous.textContent('[data-testid=cookies]')).toContain('tracker_session');
    await anonymous.close();

    const page = await signedIn('adviser@tracker.example');
    expect(await page.getAttribute('.govuk-footer a:has-text("Cookies")', 'href')).toBe('/cookies');
    const pages = [
      `/programmes/${programmeId}/findings?status=all&sort=due`,
      `/programmes/${programmeId}/registers/contracts?q=NCC&sort=annualValue`,
      `/programmes/${programmeId}?asOf-day=1&asOf-month=1&asOf-year=2030`, // a day to come: the form's error
      `/programmes/${programmeId}/board-pack?asOf=2026-10-01`,
      `/programmes/${programmeId}/findings/new`,
      `/programmes/${programmeId}/action-plan?by=week`,
    ];
    const pictures = ['findings', 'register', 'past-day-error', 'board-pack', 'date-input', 'action-plan'];
    for (const [i, path] of pages.entries()) {
      await page.setViewportSize({ width: 1100, height: 900 });
      await page.goto(`${base}${path}`);
      expect(await accessibilityViolations(page)).toEqual([]);
      await screenshot(page, pictures[i]);
      await page.setViewportSize({ width: 320, height: 640 });
      const sideways = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ path, sideways }).toEqual({ path, sideways: 0 });
    }
    await page.goto(`${base}/programmes/${programmeId}?asOf-day=1&asOf-month=1&asOf-year=2030`);
    expect(await page.textContent('.govuk-error-summary')).toContain('The date must be today or in the past');
    await page.click('.govuk-error-summary a');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('asOf-day');
    await page.close();
  });
});
