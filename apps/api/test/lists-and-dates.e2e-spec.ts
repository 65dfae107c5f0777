import request from 'supertest';
import { contractBody, registerProgramme } from './support/fixtures';
import { memberWithPassword, signInSession, summaryOf } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Registers and findings a page at a time, searched, sorted and filtered; dates typed in GOV.UK's
 * three fields; the past-day form that says why a day cannot be shown; the board pack of a past day.
 */
describe('lists, dates and past days on the pages', () => {
  let t: TestApp;
  let programmeId: string;
  let cookie: string;
  let csrf: string;
  let adviserId: string;
  const at = (path = '') => `/programmes/${programmeId}${path}`;
  const api = (path: string) => `/api/programmes/${programmeId}${path}`;
  const get = (path: string, status = 200) => request(t.app.getHttpServer()).get(path).set('cookie', cookie).expect(status);
  const post = (path: string, form: Record<string, string>, status: number) =>
    request(t.app.getHttpServer()).post(path).set('cookie', cookie).type('form').send(new URLSearchParams({ _csrf: csrf, ...form }).toString()).expect(status);
  const rowsOf = (html: string, testid: string) =>
    [...(new RegExp(`data-testid="${testid}"[\\s\\S]*?<tbody[^>]*>([\\s\\S]*?)</tbody>`).exec(html)?.[1] ?? '').matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) => m[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

  beforeAll(async () => {
    t = await startTestApp({}, '2026-06-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    // 60 contracts: more than a page. NCC-007 is the one supplier called Kinderly; values rise with the number.
    for (let n = 1; n <= 60; n++) {
      const reference = `NCC-${String(n).padStart(3, '0')}`;
      await t.http().post(api('/contracts')).send({ ...contractBody, reference, supplier: n === 7 ? 'Kinderly Ltd' : `Supplier ${n}`, annualValue: 1000 * n }).expect(201);
    }
    const contracts = (await t.http().get(api('/contracts?limit=100')).expect(200)).body.items as { id: string; reference: string }[];
    const ncc7 = contracts.find((c) => c.reference === 'NCC-007')!.id;
    await t.http().post(api('/findings')).send({ itemId: ncc7, title: 'Kinderly has not consented', description: 'No reply to the letter', severity: 'critical', owner: 'Head of Legal', dueDate: '2026-06-20' }).expect(201);
    await t.http().post(api('/findings')).send({ area: 'systems', title: 'Mosaic hosting unclear', description: 'd', severity: 'medium', owner: 'Head of ICT', dueDate: '2026-06-05' }).expect(201);
    const resolved = (await t.http().post(api('/findings')).send({ area: 'staff', title: 'ELI template missing', description: 'd', severity: 'high', owner: 'Head of HR', dueDate: '2026-06-10', evidence: [{ link: 'https://documents.example/eli.pdf' }] }).expect(201)).body.id;
    await t.http().post(api(`/findings/${resolved}/resolve`)).send({ resolution: 'Template agreed' }).expect(200);
    t.setNow('2026-07-15T09:00:00.000Z');
    ({ id: adviserId } = await memberWithPassword(t, programmeId, 'adviser', 'adviser@tracker.example', 'a long enough passphrase'));
    ({ cookie, csrf } = await signInSession(t, 'adviser@tracker.example', 'a long enough passphrase'));
  }, 120_000);
  afterAll(async () => t?.close());

  describe('a register', () => {
    it('shows 50 items a page with GOV.UK pagination, and the last page for one past the end', async () => {
      const first = (await get(at('/registers/contracts'))).text;
      expect(first).toContain('Showing 1 to 50 of 60 items (60 in the register)');
      expect(rowsOf(first, 'register-items')).toHaveLength(50);
      expect(first).toContain('class="govuk-pagination"');
      expect(first).toContain('href="?page=2"');
      const past = (await get(at('/registers/contracts?page=9'))).text;
      expect(past).toContain('Showing 51 to 60 of 60 items');
    });

    it('has the columns a contract register needs: supplier, annual value, expiry and route, in words', async () => {
      const html = (await get(at('/registers/contracts?q=NCC-007'))).text;
      for (const header of ['Annual value', 'Expiry', 'Route']) expect(html).toContain(`>${header}</th>`);
      expect(rowsOf(html, 'register-items')).toEqual([expect.stringMatching(/^NCC-007 Case management system licences Kinderly Ltd £7,000 31 March 2028 Novate /)]);
    });

    it('finds items by supplier, ignoring case, and keeps the search in its page links', async () => {
      expect(rowsOf((await get(at('/registers/contracts?q=kinderly'))).text, 'register-items').map((r) => r.split(' ')[0])).toEqual(['NCC-007']);
      const many = (await get(at('/registers/contracts?q=supplier'))).text;
      expect(many).toContain('of 59 items');
      expect(many).toContain('href="?q=supplier&amp;page=2"');
    });

    it('filters by owner, or by no owner named across pages, and finds an owner by search', async () => {
      const contracts = (await t.http().get(api('/contracts?limit=100')).expect(200)).body.items as { id: string; reference: string }[];
      for (const reference of ['NCC-010', 'NCC-011']) {
        await t.http().patch(api(`/contracts/${contracts.find((c) => c.reference === reference)!.id}`)).send({ owner: 'Council legal — contracts team', targetDate: '2026-09-30' }).expect(200);
      }
      const legal = (await get(at(`/registers/contracts?owner=${encodeURIComponent('Council legal — contracts team')}`))).text;
      expect(rowsOf(legal, 'register-items').map((r) => r.split(' ')[0])).toEqual(['NCC-010', 'NCC-011']);
      expect(legal).toContain('Owner: Council legal — contracts team, by 30 September 2026');
      expect(legal).toContain('<option value="Council legal — contracts team" selected>');
      const none = (await get(at('/registers/contracts?owner=none'))).text;
      expect(none).toContain('of 58 items');
      expect(none).toContain('href="?owner=none&amp;page=2"');
      expect(rowsOf((await get(at('/registers/contracts?q=council+legal'))).text, 'register-items')).toHaveLength(2);
    });

    it('sorts by a column of its own, and by readiness', async () => {
      const byValue = rowsOf((await get(at('/registers/contracts?sort=annualValue'))).text, 'register-items');
      expect(byValue[0]).toMatch(/^NCC-001 /);
      const byReadiness = (await get(at('/registers/contracts?sort=readiness'))).text;
      expect(byReadiness).toContain('<option value="readiness" selected>');
    });
  });

  describe('the findings list', () => {
    it('shows open and mitigated findings by default, most urgent first, each saying what it is about', async () => {
      const html = (await get(at('/findings'))).text;
      expect(html).toContain('Showing 1 to 2 of 2 findings (3 in all)');
      const rows = rowsOf(html, 'findings');
      expect(rows[0]).toMatch(/^Kinderly has not consented .* NCC-007 Contracts Critical Open 20 June 2026 Overdue$/);
      expect(rows[1]).toMatch(/^Mosaic hosting unclear .* Systems \(the whole area\) Systems Medium Open 5 June 2026 Overdue$/);
      expect(html).toMatch(/href="\/programmes\/[^"]+\/registers\/contracts\/[0-9a-f-]{36}">NCC-007</);
    });

    it('shows every finding when asked, and only the overdue ones when asked', async () => {
      expect((await get(at('/findings?status=all'))).text).toContain('ELI template missing');
      const resolved = rowsOf((await get(at('/findings?status=resolved'))).text, 'findings');
      expect(resolved).toEqual([expect.stringMatching(/^ELI template missing .* Resolved 10 June 2026$/)]); // resolved: not overdue
      expect((await get(at('/findings?overdue=yes&severity=critical'))).text).toContain('of 1 finding ');
    });

    it('finds by owner or the item’s reference', async () => {
      expect(rowsOf((await get(at('/findings?q=ncc-007'))).text, 'findings')).toHaveLength(1);
      expect(rowsOf((await get(at('/findings?owner=Head+of+ICT'))).text, 'findings')).toEqual([expect.stringMatching(/^Mosaic hosting unclear/)]);
    });

    it('says on the finding’s page that it is overdue, and opens its evidence', async () => {
      const findings = (await t.http().get(api('/findings?status=resolved')).expect(200)).body.items as { id: string; overdue: boolean }[];
      expect(findings.map((f) => f.overdue)).toEqual([false]);
      const html = (await get(at(`/findings/${findings[0].id}`))).text;
      expect(html).toContain('href="https://documents.example/eli.pdf"');
      expect(html).not.toContain('data-testid="finding-overdue"');
      const open = (await t.http().get(api('/findings?severity=critical')).expect(200)).body.items[0];
      expect(open.overdue).toBe(true);
      expect((await get(at(`/findings/${open.id}`))).text).toContain('data-testid="finding-overdue"');
    });
  });

  it('links each blocker on the dashboard to its item or its finding', async () => {
    const blockers = /data-testid="blockers">([\s\S]*?)<\/ol>/.exec((await get(at(''))).text)![1];
    expect(blockers).toMatch(new RegExp(`<a class="govuk-link" href="/programmes/${programmeId}/findings/[0-9a-f-]{36}">Open critical finding: Kinderly has not consented</a>`));
    expect(blockers).toMatch(new RegExp(`<a class="govuk-link" href="/programmes/${programmeId}/registers/contracts/[0-9a-f-]{36}">NCC-007: `));
  });

  it('pages the audit trail with the same pagination, its filters kept', async () => {
    const html = (await get(at('/audit?area=contracts'))).text;
    expect(html).toContain('class="govuk-pagination"');
    expect(html).toContain('href="?page=2&amp;area=contracts"');
    expect(html).not.toContain('href="?page=3&amp;area=contracts"'); // 60 contracts' events: two pages of 50
    // Each entry links to what it is about.
    expect(html).toMatch(new RegExp(`<a class="govuk-link" href="/programmes/${programmeId}/registers/contracts/[0-9a-f-]{36}" data-testid="about">NCC-001</a>`));
  });

  it('filters the audit trail by who recorded it and by dates typed in three fields, and names a date it cannot read', async () => {
    const totalOf = (html: string) => Number(/<p class="govuk-body">([\d,]+) events\.<\/p>/.exec(html)![1].replace(/,/g, ''));
    const all = totalOf((await get(at('/audit'))).text);
    const byAdviser = (await get(at(`/audit?person=${adviserId}`))).text;
    expect(byAdviser).toContain(`<option value="${adviserId}" selected>A adviser</option>`);
    expect(totalOf(byAdviser)).toBeLessThan(all);
    const june = (await get(at('/audit?from-day=1&from-month=6&from-year=2026&to-day=30&to-month=6&to-year=2026'))).text;
    expect(totalOf(june)).toBeGreaterThan(60);
    expect(totalOf(june)).toBeLessThan(all); // what was recorded in July is left out
    const bad = await get(at('/audit?from-day=1&from-month=&from-year=2026'), 400);
    expect(summaryOf(bad.text)).toEqual(['from-day: From must include a month']);
  });


  it('filters the audit trail by what happened, chosen from the programme’s own events in words with how many of each', async () => {
    const totalOf = (html: string) => Number(/<p class="govuk-body">([\d,]+) events\.<\/p>/.exec(html)![1].replace(/,/g, ''));
    const html = (await get(at('/audit'))).text;
    const options = [.../<select class="govuk-select" id="type" name="type">([\s\S]*?)<\/select>/.exec(html)![1].matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(options).toContainEqual(['ContractRegistered', 'Contract registered (60)']);
    expect(options).toContainEqual(['FindingRaised', 'Finding raised (3)']);
    expect(options).toContainEqual(['FindingResolved', 'Finding resolved (1)']);
    expect(options.map(([type]) => type)).not.toContain('GoLiveDateMoved'); // nothing of the kind happened here
    const raised = (await get(at('/audit?type=FindingRaised'))).text;
    expect(raised).toContain('<option value="FindingRaised" selected>');
    expect(totalOf(raised)).toBe(3);
    // A type the programme has not is no filter, and says so by selecting nothing.
    const unknown = (await get(at('/audit?type=NoSuchThing'))).text;
    expect(totalOf(unknown)).toBe(totalOf(html));
    expect(unknown).not.toContain(' selected>');
  });
  describe('dates typed in three fields', () => {
    const finding = { area: 'assets', title: 'Lease of Northtown office unsigned', description: 'The landlord has not replied', severity: 'high', owner: 'Estates' };

    it('records a day, month and year as the date, with the month as a number or a name', async () => {
      const before = (await t.events()).length;
      await post(at('/findings/new'), { ...finding, 'dueDate-day': '31', 'dueDate-month': '3', 'dueDate-year': '2027' }, 303);
      await post(at('/findings/new'), { ...finding, title: 'Second lease unsigned', 'dueDate-day': '1', 'dueDate-month': 'Apr', 'dueDate-year': '2027' }, 303);
      const recorded = (await t.events()).slice(before).map((e) => (e.data as { dueDate: string }).dueDate);
      expect(recorded).toEqual(['2027-03-31', '2027-04-01']);
    });

    it('names what is missing or wrong in GOV.UK’s words, keeps what was typed, links to the day and records nothing', async () => {
      const before = (await t.events()).length;
      const missing = await post(at('/findings/new'), { ...finding, 'dueDate-day': '31', 'dueDate-month': '', 'dueDate-year': '2027' }, 400);
      expect(summaryOf(missing.text)).toEqual(['dueDate-day: Due date must include a month']);
      expect(missing.text).toMatch(/name="dueDate-day"[^>]*value="31"|value="31"[^>]*name="dueDate-day"/);
      const unreal = await post(at('/findings/new'), { ...finding, 'dueDate-day': '31', 'dueDate-month': '2', 'dueDate-year': '2027' }, 400);
      expect(summaryOf(unreal.text)).toEqual(['dueDate-day: Due date must be a real date']);
      const shortYear = await post(at('/findings/new'), { ...finding, owner: '', 'dueDate-day': '31', 'dueDate-month': '3', 'dueDate-year': '27' }, 400);
      expect(summaryOf(shortYear.text)).toEqual(['owner: Enter the owner', 'dueDate-day: Due date must include a year with 4 numbers, like 2027']);
      const none = await post(at('/findings/new'), { ...finding }, 400);
      expect(summaryOf(none.text)).toEqual(['dueDate-day: Enter the due date']);
      expect((await t.events()).length).toBe(before);
    });
  });

  describe('the past-day form', () => {
    it('goes to the day typed, whose banner, basis and days to go agree', async () => {
      const typed = await get(at('?asOf-day=30&asOf-month=6&asOf-year=2026'), 303);
      expect(typed.headers.location).toBe(at('?asOf=2026-06-30'));
      const html = (await get(typed.headers.location)).text;
      expect(html).toContain('You are viewing this programme as it stood on 30 June 2026.');
      expect(html).toContain('Computed from the registers on 30 June 2026');
      const days = (await t.http().get(api('/dashboard?asOf=2026-06-30')).expect(200)).body.readiness.daysToGoLive;
      expect(days).toBe(275); // 30 June 2026 to 1 April 2027
    });

    it('says why a day cannot be shown, on the form, for a day to come, one before the programme began, or one that is not a date', async () => {
      const future = await get(at('?asOf-day=1&asOf-month=8&asOf-year=2026'), 400);
      expect(summaryOf(future.text)).toEqual(['asOf-day: The date must be today or in the past']);
      expect(future.text).toContain('govuk-date-input__input govuk-input--width-2 govuk-input--error');
      const before = await get(at('?asOf=2026-05-01'), 400);
      expect(summaryOf(before.text)).toEqual(['asOf-day: The date must be on or after 1 June 2026, when the programme began']);
      const unreal = await get(at('?asOf-day=31&asOf-month=6&asOf-year=2026'), 400);
      expect(summaryOf(unreal.text)).toEqual(['asOf-day: The date must be a real date']);
      const empty = await get(at('?asOf-day=&asOf-month=&asOf-year='), 400);
      expect(summaryOf(empty.text)).toEqual(['asOf-day: The date must include a day, month and year']);
    });

    it('prepares the board pack as it stood that day, stamped with the history up to then', async () => {
      const today = (await get(at('/board-pack'))).text;
      const past = (await get(at('/board-pack?asOf=2026-06-01'))).text;
      const countOf = (html: string) => Number(/from ([\d,]+) events up to position/.exec(html)![1].replace(/,/g, ''));
      expect(past).toContain('as the programme stood at the end of 1 June 2026');
      expect(past).toContain('You are viewing this programme as it stood on 1 June 2026.');
      expect(countOf(past)).toBeLessThan(countOf(today));
      expect(past).not.toContain('Lease of Northtown office unsigned');
      expect(past).toContain(`href="/api/programmes/${programmeId}/board-pack.pdf?asOf=2026-06-01"`);
    });
  });
  describe('buy-back budgets and the envelope, as forms', () => {
    it('sets an SLA’s budget for a year from its page, money as people write it, and shows it there and on the dashboard', async () => {
      const sla = (await t.http().post(api('/slas')).send({ reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time'], annualPrice: 85000, termMonths: 36 }).expect(201)).body.id;
      const page = (await get(at(`/registers/slas/${sla}`))).text;
      expect(page).toContain(`href="/programmes/${programmeId}/registers/slas/${sla}/buy-back"`);
      const form = (await get(at(`/registers/slas/${sla}/buy-back`))).text;
      expect(form).toContain('2027-28 (year one)');
      expect(form).toContain('Its annual price is £85,000.');

      const before = (await t.events()).length;
      const bad = await post(at(`/registers/slas/${sla}/buy-back`), { financialYear: '', amount: 'lots' }, 400);
      expect(summaryOf(bad.text)).toEqual(['financialYear: Select the financial year', 'amount: Buy-back budget must be an amount in pounds, e.g. 125000 or 99.50']);
      expect((await t.events()).length).toBe(before);

      const done = await post(at(`/registers/slas/${sla}/buy-back`), { financialYear: '2027-28', amount: '£85,000' }, 303);
      expect(done.headers.location).toBe(at(`/registers/slas/${sla}?done=buy-back`));
      expect((await get(done.headers.location)).text).toMatch(/data-testid="item-buy-back"[\s\S]*2027-28[\s\S]*£85,000/);
      expect((await t.events()).slice(before).map((e) => [e.type, (e.data as { amount: number }).amount])).toEqual([['BuyBackBudgetSet', 85000]]);
    });

    it('sets the envelope for a year from the dashboard, and the dashboard weighs the buy-back against it', async () => {
      expect((await get(at(''))).text).toContain(`href="/programmes/${programmeId}/budgets/envelope"`);
      const done = await post(at('/budgets/envelope'), { financialYear: '2027-28', amount: '60,000' }, 303);
      expect(done.headers.location).toBe(at('?done=envelope'));
      const dashboard = (await get(done.headers.location)).text;
      expect(dashboard).toContain('The buy-back envelope has been set.');
      expect(dashboard).toMatch(/2027-28 \(year one\)<\/th><td[^>]*>£85,000<\/td><td[^>]*>£60,000<\/td>\s*<td[^>]*><strong class="govuk-tag govuk-tag--red">Over/);
    });
  });
});
