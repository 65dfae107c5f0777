import request from 'supertest';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { summaryOf, signInSession, memberWithPassword } from './support/browser';

const PASSWORD = 'a long enough passphrase';

/** A signed-in browser, as far as forms go: its session cookie and the form token of its pages. */
interface Browser {
  readonly id: string;
  get(path: string, status?: number): Promise<request.Response>;
  post(path: string, form: Record<string, string | string[]>, status?: number): Promise<request.Response>;
  /** A form with a file, as multipart/form-data. */
  upload(path: string, form: Record<string, string>, file: { content: Buffer; name: string }, status: number): Promise<request.Response>;
}

/** Every form of the pages, posted as a browser posts them (urlencoded, with the session's CSRF token). */
describe('forms', () => {
  let t: TestApp;
  let programmeId: string;
  let adviser: Browser;
  let board: Browser;
  let auditor: Browser;
  const at = (path = '') => `/programmes/${programmeId}${path}`;
  const anonymous = () => request(t.app.getHttpServer());

  async function signedIn(role: 'adviser' | 'board' | 'auditor', email = `${role}@tracker.example`): Promise<Browser> {
    const { id } = await memberWithPassword(t, programmeId, role, email, PASSWORD);
    const { cookie, csrf } = await signInSession(t, email, PASSWORD);
    return {
      get: (path, status = 200) => anonymous().get(path).set('cookie', cookie).expect(status),
      id,
      upload,
      post: (path, form, status = 303) => anonymous().post(path).set('cookie', cookie).type('form').send(new URLSearchParams(entries(form)).toString()).then((r) => {
          if (r.status !== status) throw new Error(`POST ${path} answered ${r.status}, not ${status}: ${summaryOf(r.text).join(' | ') || r.text.slice(0, 300)}`);
          return r;
        }),
    };
    async function upload(path: string, form: Record<string, string>, file: { content: Buffer; name: string }, status: number) {
      let call = anonymous().post(path).set('cookie', cookie).field('_csrf', csrf);
      for (const [k, v] of Object.entries(form)) call = call.field(k, v);
      return call.attach('file', file.content, file.name).expect(status);
    }
    function entries(form: Record<string, string | string[]>): [string, string][] {
      return [['_csrf', csrf], ...Object.entries(form).flatMap(([k, v]) => ([] as string[]).concat(v).map((x) => [k, x] as [string, string]))];
    }
  }
  /** The GOV.UK error summary's entries, in order. */
  const actionsOf = (html: string) => [...(/data-testid="actions">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '').matchAll(/>([^<]+)<\/a>/g)].map((m) => m[1]);

  beforeAll(async () => {
    t = await startTestApp({}, '2026-11-02T10:00:00.000Z');
    programmeId = await registerProgramme(t);
    t.setNow('2026-11-22T10:00:00.000Z');
    adviser = await signedIn('adviser');
    board = await signedIn('board');
    auditor = await signedIn('auditor');
  }, 60_000);
  afterAll(async () => t?.close());

  it('registers an item: money as people write it, and every problem named by its label with nothing recorded', async () => {
    const form = await adviser.get(at('/registers/contracts/new'));
    expect(form.text).toContain('Register a contract');
    expect(form.text).toContain('id="annualValue"');

    const before = (await t.events()).length;
    const bad = await adviser.post(at('/registers/contracts/new'), { reference: 'NCC-1', supplier: '', title: 'Fostering placements', annualValue: 'lots', expiryDate: '2028-02-30' }, 400);
    expect(summaryOf(bad.text)).toEqual([
      'supplier: Enter the supplier',
      'annualValue: Annual value must be an amount in pounds, e.g. 125000 or 99.50',
      'expiryDate-day: Expiry date must be a real date written YYYY-MM-DD',
    ]);
    expect(bad.text).toContain('<title>Error: Register a contract');
    const empty = await adviser.post(at('/registers/contracts/new'), {}, 400);
    expect(summaryOf(empty.text).map((line) => line.split(':')[0])).toEqual(['reference', 'supplier', 'title', 'annualValue', 'expiryDate-day']); // the page's order
    expect(bad.text).toContain('value="lots"'); // what was typed stays, to be corrected
    expect((await t.events()).length).toBe(before);

    const done = await adviser.post(at('/registers/contracts/new'), { reference: 'NCC-1', supplier: 'Carefirst Ltd', title: 'Fostering placements', annualValue: '£1,250.50', expiryDate: '2028-03-31', mechanism: 'novate' });
    expect(done.headers.location).toMatch(new RegExp(`^/programmes/${programmeId}/registers/contracts/[0-9a-f-]{36}\\?done=registered$`));
    const [registered] = (await t.events()).slice(before);
    expect(registered.type).toBe('ContractRegistered');
    expect(registered.data).toMatchObject({ reference: 'NCC-1', details: { supplier: 'Carefirst Ltd', annualValue: 1250.5, mechanism: 'novate' } });
    expect(registered.metadata.userId).toBe(adviser.id); // recorded as the one signed in
    const page = await adviser.get(done.headers.location);
    expect(page.text).toContain('The item has been registered.');

    const duplicate = await adviser.post(at('/registers/contracts/new'), { reference: 'NCC-1', supplier: 'Other Ltd', title: 'Other', annualValue: '10', expiryDate: '2028-03-31' }, 400);
    expect(summaryOf(duplicate.text).join()).toContain('NCC-1');
  });

  it('registers each kind from its own form: lists one per line, yes or no, whole numbers', async () => {
    const sla = await adviser.post(at('/registers/slas/new'), { reference: 'SLA-HR', service: 'hr', kpis: 'Payroll on time 99.5%\r\n\r\nQueries answered in 2 days', annualPrice: '48,000', termMonths: '36' });
    const system = await adviser.post(at('/registers/systems/new'), { reference: 'SYS-1', name: 'Mosaic', category: 'case-management', migrationNeeded: 'yes' });
    const staff = await adviser.post(at('/registers/staff-groups/new'), { reference: 'ST-1', team: 'Fostering', headcount: '42', fte: '38.5', pensionScheme: 'lgps' });
    expect([sla, system, staff].every((r) => r.headers.location.endsWith('?done=registered'))).toBe(true);
    const events = (await t.events()).slice(-3);
    expect(events.map((e) => e.data)).toMatchObject([
      { details: { kpis: ['Payroll on time 99.5%', 'Queries answered in 2 days'], annualPrice: 48000, termMonths: 36 } },
      { details: { name: 'Mosaic', migrationNeeded: true } },
      { details: { headcount: 42, fte: 38.5, pensionScheme: 'lgps' } },
    ]);
    const halfNumber = await adviser.post(at('/registers/staff-groups/new'), { reference: 'ST-2', team: 'Adoption', headcount: '4.5', fte: 'x', pensionScheme: '' }, 400);
    expect(summaryOf(halfNumber.text)).toEqual(['headcount: Headcount must be a whole number', 'fte: Full-time equivalent must be a number with at most 2 decimal places', 'pensionScheme: Select the pension scheme']);
    await adviser.get(at('/registers/nonsense/new'), 404);
  });

  it('changes an item’s details: the form starts from what is recorded, and only what changes is recorded', async () => {
    const itemPath = (await adviser.post(at('/registers/contracts/new'), { reference: 'NCC-9', supplier: 'Carefirst Ltd', title: 'Case management licences', annualValue: '120,000', expiryDate: '2028-03-31' })).headers.location.split('?')[0];
    const form = await adviser.get(`${itemPath}/details`);
    expect(form.text).toContain('Change the details of NCC-9');
    expect(form.text).toContain('value="Carefirst Ltd"');
    expect(form.text).not.toContain('id="reference"');
    const answers = { supplier: 'Carefirst Ltd', title: 'Case management licences', annualValue: '120000', expiryDate: '2028-03-31' };

    const before = (await t.events()).length;
    const unchanged = await adviser.post(`${itemPath}/details`, answers, 400);
    expect(summaryOf(unchanged.text)).toEqual(['supplier: Change at least one detail, or cancel']);
    const bad = await adviser.post(`${itemPath}/details`, { ...answers, supplier: '', annualValue: 'lots' }, 400);
    expect(summaryOf(bad.text)).toEqual(['supplier: Enter the supplier', 'annualValue: Annual value must be an amount in pounds, e.g. 125000 or 99.50']);
    expect(await t.events()).toHaveLength(before);

    const done = await adviser.post(`${itemPath}/details`, { ...answers, annualValue: '135,500' });
    expect(done.headers.location).toBe(`${itemPath}?done=amended`);
    const amended = (await t.events()).slice(before);
    expect(amended.map((e) => [e.type, (e.data as { changes: object }).changes])).toEqual([['RegisterItemAmended', { annualValue: 135500 }]]);
    expect((await adviser.get(done.headers.location)).text).toContain('The details have been changed.');
    await auditor.get(`${itemPath}/details`, 403);
  });

  it('records progress: a page per step, with the fields that step records', async () => {
    const itemPath = (await adviser.post(at('/registers/contracts/new'), { reference: 'NCC-2', supplier: 'Acme', title: 'Transport', annualValue: '5000', expiryDate: '2028-03-31' })).headers.location.split('?')[0];
    const item = await adviser.get(itemPath);
    expect(actionsOf(item.text)).toEqual(['Record progress', 'Raise a finding about it', 'Add a note', 'Change the details']);
    const steps = await adviser.get(`${itemPath}/progress`);
    // With no route chosen yet, only the steps open to any contract have a page; the rest say what must come first.
    expect([...steps.text.matchAll(/href="[^"]+\/progress\/([a-z-]+)"/g)].map((m) => m[1])).toEqual(['mechanism-chosen', 'expiry-decided', 'interim-arrangement-agreed']);
    expect(steps.text.match(/Cannot start yet/g)).toHaveLength(11);
    expect(steps.text).toContain('The supplier’s consent is needed only to novate or assign; choose that route first (now: none chosen)');
    expect(steps.text).not.toContain('Recorded');

    const before = (await t.events()).length;
    const missing = await adviser.post(`${itemPath}/progress/mechanism-chosen`, { endDate: '2027-01-01' }, 400);
    expect(summaryOf(missing.text)).toEqual(['mechanism: Select the mechanism']);
    const late = await adviser.post(`${itemPath}/progress/interim-arrangement-agreed`, { endDate: 'soon' }, 400);
    expect(summaryOf(late.text)).toEqual(['endDate-day: End of the interim arrangement must be a real date written YYYY-MM-DD']);
    expect((await t.events()).length).toBe(before);

    await adviser.post(`${itemPath}/progress/mechanism-chosen`, { mechanism: 'novate', endDate: '2027-01-01', effectiveAt: '2026-11-20' });
    const [step] = (await t.events()).slice(before);
    expect(step.type).toBe('ContractMechanismChosen');
    expect(step.data).toMatchObject({ mechanism: 'novate' });
    expect(step.data).not.toHaveProperty('endDate'); // another step's field, not sent with this one
    expect(step.metadata.effectiveAt).toBe('2026-11-20T00:00:00.000Z');
    expect((await adviser.get(`${itemPath}?done=progress`)).text).toContain('The step has been recorded.');
    expect((await adviser.get(`${itemPath}/progress`)).text).toContain('Recorded 20 November 2026');
    await adviser.get(`${itemPath}/progress/recommendation-accepted`, 404); // the board's, not an adviser's
    await adviser.get(`${itemPath}/progress/nonsense`, 404);

    // The domain's refusal is shown on the form too: no signature on the deed of novation before the supplier consents.
    const early = await adviser.post(`${itemPath}/progress/deed-signed-by-council`, {}, 400);
    expect(summaryOf(early.text)).toEqual(['effectiveAt-day: The supplier’s consent to the novation must be received before anyone signs the deed']);
    expect((await t.events()).length).toBe(before + 1);
  });

  it('takes a finding from raised to closed: evidence, resolved, closed, each refused when it cannot be done', async () => {
    const itemPath = (await adviser.post(at('/registers/contracts/new'), { reference: 'NCC-3', supplier: 'Acme', title: 'Catering', annualValue: '5000', expiryDate: '2028-03-31' })).headers.location.split('?')[0];
    const bad = await adviser.post(`${itemPath}/findings/new`, { title: 'No consent', description: 'Asked in June', severity: 'high', owner: 'Legal', dueDate: '2027-01-31', 'evidence-link': 'not a link' }, 400);
    expect(summaryOf(bad.text)).toEqual(['evidence-link: Evidence (optional) must be a web address starting http:// or https://']);

    const raised = await adviser.post(`${itemPath}/findings/new`, { title: 'No consent', description: 'Asked in June', severity: 'high', owner: 'Legal', dueDate: '2027-01-31' });
    const findingPath = raised.headers.location.split('?')[0];
    expect(raised.headers.location).toMatch(/\/findings\/[0-9a-f-]{36}\?done=raised$/);
    const finding = await adviser.get(raised.headers.location);
    expect(finding.text).toContain('The finding has been raised');
    expect(actionsOf(finding.text)).toEqual(['Record a mitigation', 'Mark it resolved', 'Add evidence', 'Add a note']);

    const before = (await t.events()).length;
    const closeTooSoon = await adviser.post(`${findingPath}/close`, {}, 400);
    expect(summaryOf(closeTooSoon.text)[0]).toMatch(/resolved/i);
    const noEvidence = await adviser.post(`${findingPath}/resolve`, { resolution: 'Consent received' }, 400);
    expect(summaryOf(noEvidence.text)).toHaveLength(1);
    expect((await t.events()).length).toBe(before);

    await adviser.post(`${findingPath}/evidence`, { 'evidence-link': 'https://northshire.example/consent.pdf', 'evidence-description': 'The consent letter' });
    await adviser.post(`${findingPath}/resolve`, { resolution: 'Consent received' });
    expect(actionsOf((await adviser.get(findingPath)).text)).toEqual(['Close it', 'Reopen it', 'Add evidence', 'Add a note']);
    // Four eyes: the close form says so for a high finding, and refuses the adviser who resolved it.
    expect((await adviser.get(`${findingPath}/close`)).text).toContain('Four eyes: this is a high finding, so the person who resolved it may not also close it.');
    const sameEyes = await adviser.post(`${findingPath}/close`, { note: 'Checked my own work' }, 400);
    expect(summaryOf(sameEyes.text).join(' ')).toContain('The person who resolved this high finding may not also close it');
    expect((await t.events()).slice(before).map((e) => e.type)).toEqual(['FindingEvidenceAdded', 'FindingResolved']);
    const secondAdviser = await signedIn('adviser', 'second-adviser@tracker.example');
    const closed = await secondAdviser.post(`${findingPath}/close`, { note: 'Checked the letter' });
    expect(closed.headers.location).toBe(`${findingPath}?done=close`);
    expect((await t.events()).slice(before).filter((e) => e.type.startsWith('Finding')).map((e) => e.type)).toEqual(['FindingEvidenceAdded', 'FindingResolved', 'FindingClosed']);
    expect((await t.events()).slice(before)[0].data).toMatchObject({ evidence: [{ link: 'https://northshire.example/consent.pdf', description: 'The consent letter' }] });
    await adviser.get(`${findingPath}/nonsense`, 404);

    // Closed, it can be reopened with a reason (a reason is required), then mitigated while it is put right again.
    const noReason = await adviser.post(`${findingPath}/reopen`, { reason: '' }, 400);
    expect(summaryOf(noReason.text)).toEqual(['reason: Enter why it is open again']);
    await adviser.post(`${findingPath}/reopen`, { reason: 'The supplier withdrew its consent' });
    expect(actionsOf((await adviser.get(findingPath)).text)).toEqual(['Record a mitigation', 'Mark it resolved', 'Add evidence', 'Add a note']);
    await adviser.post(`${findingPath}/mitigate`, { note: 'Interim letter of comfort' });
    const again = await adviser.post(`${findingPath}/mitigate`, { note: 'Twice' }, 400);
    expect(summaryOf(again.text)[0]).toContain('This finding is already mitigated');
    expect((await t.events()).slice(-2).map((e) => [e.type, e.data])).toEqual([
      ['FindingReopened', expect.objectContaining({ reason: 'The supplier withdrew its consent', reopenedFrom: 'closed' })],
      ['FindingMitigated', expect.objectContaining({ note: 'Interim letter of comfort' })],
    ]);
  });

  it('adds notes about the programme, an area, an item and a finding', async () => {
    const itemPath = (await adviser.post(at('/registers/contracts/new'), { reference: 'NCC-4', supplier: 'Acme', title: 'Cleaning', annualValue: '5000', expiryDate: '2028-03-31' })).headers.location.split('?')[0];
    const findingPath = (await adviser.post(at('/findings/new'), { area: 'staff', title: 'ELI late', description: 'd', severity: 'low', owner: 'HR', dueDate: '2027-01-31' })).headers.location.split('?')[0];
    const before = (await t.events()).length;
    const empty = await adviser.post(at('/notes/new'), { text: '   ' }, 400);
    expect(summaryOf(empty.text)).toEqual(['text: Enter the note']);
    expect((await adviser.post(at('/notes/new'), { text: 'Board in January' })).headers.location).toBe(`${at()}?done=note`);
    await adviser.post(at('/notes/new'), { area: 'budgets', text: 'Budget agreed' });
    expect((await adviser.post(`${itemPath}/notes/new`, { text: 'Supplier replied' })).headers.location).toBe(`${itemPath}?done=note`);
    await adviser.post(`${findingPath}/notes/new`, { text: 'Chased' });
    const targets = (await t.events()).slice(before).map((e) => (e.data as { target: { kind: string; area?: string } }).target);
    expect(targets.map((target) => target.kind)).toEqual(['programme', 'area', 'item', 'finding']);
    expect(targets[1].area).toBe('budgets');
    const notesOn = async (path: string) => [...((await auditor.get(path)).text.match(/data-testid="notes">([\s\S]*?)<\/ul>/)?.[1] ?? '').matchAll(/<\/span>([^<]+)<\/li>/g)].map((m) => m[1]);
    expect(await notesOn(at())).toEqual(['Budget agreed', 'Board in January']); // newest first
    expect(await notesOn(itemPath)).toEqual(['Supplier replied']);
    expect(await notesOn(findingPath)).toEqual(['Chased']);
    expect(await notesOn(`${at()}?asOf=2026-11-21`)).toEqual([]); // not yet written then
  });

  it('records the board’s decisions: rating, go / no-go, an SLA recommendation, a risk accepted, and a go-live move', async () => {
    const dashboard = await board.get(at());
    expect(actionsOf(dashboard.text)).toEqual(['Rate delivery confidence', 'Go / no-go decision', 'Move the go-live date', 'Confirm the go-live date', 'Record go-live']);

    const unrated = await board.post(at('/decisions/rating'), { rationale: 'Good progress' }, 400);
    expect(summaryOf(unrated.text)).toEqual(['rating: Select the delivery confidence']);
    expect((await board.post(at('/decisions/rating'), { rating: 'amber-green', rationale: 'Good progress' })).headers.location).toBe(`${at()}?done=decided`);
    expect((await board.get(`${at()}?done=decided`)).text).toContain('Amber/Green');

    await board.post(at('/decisions/go-no-go'), { decision: 'no-go', reasons: 'Consent outstanding' });

    const slaPath = (await adviser.post(at('/registers/slas/new'), { reference: 'SLA-PAY', service: 'payroll', kpis: 'On time', annualPrice: '1000', termMonths: '12' })).headers.location.split('?')[0];
    expect(actionsOf((await board.get(slaPath)).text)).toEqual([]);
    await adviser.post(`${slaPath}/progress/recommendation-made`, { suitable: 'yes', reasons: 'Fair price' });
    expect(actionsOf((await board.get(slaPath)).text)).toEqual(['Decide on the recommendation']);
    expect((await board.get(`${slaPath}/decision`)).text).toContain('The advisers found this SLA suitable: Fair price');
    await board.post(`${slaPath}/decision`, { accepted: 'yes', reasons: 'Agreed' });

    const findingPath = (await adviser.post(at('/findings/new'), { area: 'assets', title: 'Lease unsigned', description: 'd', severity: 'critical', owner: 'Legal', dueDate: '2027-01-31' })).headers.location.split('?')[0];
    const lapsed = await board.post(`${findingPath}/accept-risk`, { reason: 'Signed in March', expiresOn: '2026-02-30' }, 400);
    expect(summaryOf(lapsed.text)).toEqual(['expiresOn-day: When the acceptance lapses must be a real date written YYYY-MM-DD']);
    await board.post(`${findingPath}/accept-risk`, { reason: 'Signed in March', expiresOn: '2027-03-15' });

    const moved = await board.post(at('/go-live-date/move'), { date: '2027-07-01', reasons: ['tupe', 'contracts'], note: 'Consultation runs to May' });
    expect(moved.headers.location).toBe(`${at()}?done=moved`);
    const noReason = await board.post(at('/go-live-date/move'), { date: '2027-08-01', note: 'x' }, 400);
    expect(summaryOf(noReason.text)).toEqual(['reasons: Select the reasons']);

    const decided = (await t.events()).map((e) => e.data as { decisionId?: string }).filter((data) => data.decisionId !== undefined);
    expect(decided).toHaveLength(4); // rating, go / no-go, the SLA, the risk: each signed as a decision
    const move = (await t.events()).find((e) => e.type === 'GoLiveDateMoved')!;
    expect(move.data).toMatchObject({ reasons: ['tupe', 'contracts'], note: 'Consultation runs to May' });
  });

  it('records a form sent twice once: the same answers under the form’s key answer as the first; changed answers are new', async () => {
    const keyOf = async (path: string, who: Browser) => /name="_idempotency" value="([0-9a-f-]{36})"/.exec((await who.get(path)).text)![1];
    const finding = { area: 'processes', title: 'FOI log missing', description: 'd', severity: 'low', owner: 'IG', dueDate: '2027-01-31' };
    const key = await keyOf(at('/findings/new'), adviser);
    expect(await keyOf(at('/findings/new'), adviser)).not.toBe(key); // a fresh key for each form shown
    const before = (await t.events()).length;
    const first = await adviser.post(at('/findings/new'), { ...finding, _idempotency: key });
    const second = await adviser.post(at('/findings/new'), { ...finding, _idempotency: key });
    expect(second.headers.location).toBe(first.headers.location);
    const raised = (await t.events()).slice(before).filter((e) => e.type === 'FindingRaised');
    expect(raised).toHaveLength(1);
    // Gone back and changed, it is another finding; without the key (an old page), each post is its own.
    const changed = await adviser.post(at('/findings/new'), { ...finding, title: 'FOI log incomplete', _idempotency: key });
    expect(changed.headers.location).not.toBe(first.headers.location);
    await adviser.post(at('/findings/new'), finding);
    await adviser.post(at('/findings/new'), finding);
    expect((await t.events()).slice(before).filter((e) => e.type === 'FindingRaised')).toHaveLength(4);

    // A decision and a note, pressed twice, are recorded once each, with the ids the API derives.
    const decisionKey = await keyOf(at('/decisions/rating'), board);
    const noteKey = await keyOf(at('/notes/new'), adviser);
    const middle = (await t.events()).length;
    for (let i = 0; i < 2; i++) {
      await board.post(at('/decisions/rating'), { rating: 'amber', rationale: 'Pensions late', _idempotency: decisionKey });
      await adviser.post(at('/notes/new'), { text: 'Chased twice', _idempotency: noteKey });
    }
    const recorded = (await t.events()).slice(middle);
    // (The decision's digest, signed as the board decides, is recorded with it: once, too.)
    expect(recorded.map((e) => e.type).sort()).toEqual(['BoardRatingRecorded', 'DigestRecorded', 'NoteAdded']);
    // A key that is not one the pages make is no key: the post records as any other.
    await adviser.post(at('/notes/new'), { text: 'Odd key', _idempotency: 'not-a-key' });
    await adviser.post(at('/notes/new'), { text: 'Odd key', _idempotency: 'not-a-key' });
    expect((await t.events()).slice(middle).filter((e) => e.type === 'NoteAdded')).toHaveLength(3);
  });

  it('shows each role only its own actions, and refuses the others’ forms with 403', async () => {
    const findingPath = (await adviser.post(at('/findings/new'), { area: 'systems', title: 'No DSA', description: 'd', severity: 'medium', owner: 'ICT', dueDate: '2027-01-31' })).headers.location.split('?')[0];
    expect(actionsOf((await adviser.get(at())).text)).toEqual(['Raise a finding', 'Add a note']);
    expect(actionsOf((await board.get(findingPath)).text)).toEqual(['Accept the risk']);
    expect(actionsOf((await auditor.get(findingPath)).text)).toEqual([]);
    expect(actionsOf((await auditor.get(at())).text)).toEqual([]);
    expect(actionsOf((await adviser.get(`${at()}?asOf=2026-11-22`)).text)).toEqual([]); // a past view changes nothing

    const before = (await t.events()).length;
    await adviser.get(at('/decisions/rating'), 403);
    await adviser.post(at('/decisions/rating'), { rating: 'red', rationale: 'x' }, 403);
    await board.get(at('/registers/contracts/new'), 403);
    await board.post(`${findingPath}/resolve`, { resolution: 'x' }, 403);
    await auditor.post(at('/notes/new'), { text: 'x' }, 403);
    await auditor.get(`${findingPath}/evidence`, 403);
    expect((await t.events()).length).toBe(before);
  });

  it('imports a register from a spreadsheet: every problem listed with nothing recorded, then the whole file', async () => {
    const page = await adviser.get(at('/registers/assets/import'));
    expect(page.text).toContain('Import assets from a spreadsheet');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(actionsOf((await adviser.get(at('/registers/assets'))).text)).toEqual(['Register an asset', 'Import from a spreadsheet']);

    const bad = Buffer.from('Asset No,Asset Name,Asset Type,Site\r\nA-1,Lodge House,Castle,Northtown\r\nA-1,Elm House,Building,\r\n');
    const refused = await adviser.upload(at('/registers/assets/import'), {}, { content: bad, name: 'assets.csv' }, 422);
    expect(summaryOf(refused.text)).toEqual(['problems: 3 problems in the file; nothing was recorded. Each is listed below.']);
    const rows = [...refused.text.matchAll(/<tr class="govuk-table__row"><td class="govuk-table__cell">(\d+)<\/td><td class="govuk-table__cell">([^<]*)<\/td>/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(rows).toEqual(['2 Asset Type', '3 Asset No', '3 Site']);
    expect((await t.http().get(`/api/programmes/${programmeId}/assets`).expect(200)).body.items).toEqual([]);

    const none = await adviser.upload(at('/registers/assets/import'), {}, { content: Buffer.alloc(0), name: '' }, 400);
    expect(summaryOf(none.text)).toEqual(['file: Select a CSV or Excel file to import']);

    const good = Buffer.from('Ref,Building,Kind,Where\r\nA-1,Lodge House,Building,Northtown\r\nA-2,Minibus,Vehicle,Depot\r\n');
    const done = await adviser.upload(at('/registers/assets/import'), { mapping: 'Building = name\nKind = assetType\nWhere = location' }, { content: good, name: 'assets.csv' }, 200);
    expect(done.text).toContain('Assets imported');
    expect(done.text).toContain('2 rows recorded');
    expect((await t.http().get(`/api/programmes/${programmeId}/assets`).expect(200)).body.items.map((i: { reference: string }) => i.reference)).toEqual(['A-1', 'A-2']);

    await auditor.upload(at('/registers/assets/import'), {}, { content: good, name: 'assets.csv' }, 403);
  });
});
