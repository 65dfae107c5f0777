import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

interface Entry {
  type: string;
  userId: string;
  name?: string;
  email?: string;
  role: string;
  description: string;
  changes: { field: string; before?: unknown; after?: unknown }[];
}

/** The trail in words, read by an auditor: who by name and role, what in a sentence, before → after. */
describe('the audit trail in words', () => {
  let t: TestApp;
  let programmeId: string;
  let priya: { id: string; token: string };
  let auditor: string;
  let board: string;
  let itemId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;

  async function member(email: string, name: string, role: 'adviser' | 'board' | 'auditor') {
    const id = (await t.http().post('/api/users').send({ email, name }).expect(201)).body.id as string;
    await t.http().post(at('/members')).send({ userId: id, role }).expect(201);
    return { id, token: (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token as string };
  }

  const trail = async (query = ''): Promise<Entry[]> => (await t.http(auditor).get(at(`/audit${query}`)).expect(200)).body.items;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-06-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    t.setNow('2026-11-20T09:00:00.000Z');
    priya = await member('priya.shah@tracker.example', 'Priya Shah', 'adviser');
    auditor = (await member('arthur@tracker.example', 'Arthur Auditor', 'auditor')).token;
    board = (await member('bea@tracker.example', 'Bea Board', 'board')).token;
    // Someone whose name would start a formula in a spreadsheet.
    const mallory = await member('mallory@tracker.example', '=HYPERLINK("https://evil.example","Mallory")', 'adviser');
    itemId = (await t.http(priya.token).post(at('/contracts')).send({ ...contractBody, reference: 'CON-014', title: 'Payroll software' }).expect(201)).body.id;
    t.setNow('2026-11-22T10:00:00.000Z');
    await t.http(priya.token).post(at(`/contracts/${itemId}/progress`)).send({ step: 'consent-received', effectiveAt: '2026-11-21' }).expect(200);
    await t.http(priya.token).patch(at(`/contracts/${itemId}`)).send({ annualValue: 125000 }).expect(200);
    await t.http(mallory.token).patch(at(`/contracts/${itemId}`)).send({ supplier: '@Carefirst Group' }).expect(200);
    await t.http().post(at('/go-live-date/moves')).send({ date: '2027-07-01', reasons: ['pensions'], note: 'Pension admission agreement delayed' }).expect(201);
    // Priya leaves the programme; her account stays, her history keeps her name.
    await t.http().delete(at(`/members/${priya.id}`)).expect(200);
  }, 60_000);
  afterAll(async () => t?.close());

  it('names an adviser who has since left the programme, with the role she acted in, for an auditor', async () => {
    const byPriya = (await trail()).filter((e) => e.userId === priya.id);
    expect(byPriya.map((e) => e.type)).toEqual(['ContractRegistered', 'ContractConsentReceived', 'RegisterItemAmended']);
    for (const entry of byPriya) expect(entry).toMatchObject({ name: 'Priya Shah', email: 'priya.shah@tracker.example', role: 'adviser' });
    const removed = (await trail('?type=MemberRemoved'))[0];
    expect(removed.description).toBe('Removed Priya Shah (adviser) from the programme');
    expect(JSON.stringify(await trail())).not.toMatch(/password|tokenHash|\$2[aby]\$/i);
    // A board member reads the same names.
    const asBoard: Entry[] = (await t.http(board).get(at(`/audit?userId=${priya.id}`)).expect(200)).body.items;
    expect(asBoard.map((e) => e.name)).toEqual(['Priya Shah', 'Priya Shah', 'Priya Shah']);
  });

  it('describes each event in a sentence', async () => {
    const entries = await trail();
    const words = (type: string) => entries.find((e) => e.type === type)!.description;
    expect(words('ContractConsentReceived')).toBe('Recorded step ‘consent received’ on contract CON-014 (Payroll software), effective 21 November 2026');
    expect(words('GoLiveDateMoved')).toBe('Moved go-live from 1 April 2027 to 1 July 2027: pensions — Pension admission agreement delayed');
    expect(words('ContractRegistered')).toBe('Registered contract CON-014 (Payroll software)');
  });

  it('shows an amendment’s changed fields before → after', async () => {
    const [first, second] = await trail('?type=RegisterItemAmended');
    expect(first.changes).toEqual([{ field: 'annualValue', before: 120000, after: 125000 }]);
    expect(first.description).toBe('Amended contract CON-014 (Payroll software): annual value: £120,000 → £125,000');
    expect(second.changes).toEqual([{ field: 'supplier', before: 'Carefirst Ltd', after: '@Carefirst Group' }]);
    expect((await trail('?type=GoLiveDateMoved'))[0].changes).toEqual([{ field: 'goLiveDate', before: '2027-04-01', after: '2027-07-01' }]);
  });

  it('keeps before → after right when the trail is filtered', async () => {
    const [only] = await trail(`?itemId=${itemId}&type=RegisterItemAmended&limit=1&offset=1`);
    expect(only.changes).toEqual([{ field: 'supplier', before: 'Carefirst Ltd', after: '@Carefirst Group' }]);
  });

  it('exports CSV with name, email, role, description and changes, still unable to smuggle a formula', async () => {
    const response = await t.http(auditor).get(at('/audit?format=csv')).expect(200);
    const [header, ...rows] = response.text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(header).toBe('position,recordedAt,effectiveAt,userId,name,email,role,type,what,description,changes,area,itemId,findingId,streamId,revision,correlationId,causationId,data,hash');
    const amendment = rows.find((row) => row.includes(',RegisterItemAmended,') && row.includes('£120,000'))!;
    expect(amendment).toContain(',Priya Shah,priya.shah@tracker.example,adviser,RegisterItemAmended,');
    expect(amendment).toContain('"annual value: £120,000 → £125,000"');
    const byMallory = rows.find((row) => row.includes('@Carefirst Group') && row.includes(',RegisterItemAmended,'))!;
    // The name that starts with = is a quoted text cell beginning with an apostrophe, never a formula.
    expect(byMallory).toContain(`,"'=HYPERLINK(""https://evil.example"",""Mallory"")",mallory@tracker.example,`);
    expect(byMallory).not.toMatch(/,=HYPERLINK/);
    expect(byMallory).toContain('supplier: Carefirst Ltd → @Carefirst Group');
  });

  it('leaves the JSON Lines export for the offline check as it was: the stored event and its chain link only', async () => {
    const lines = (await t.http(auditor).get(at('/audit?format=jsonl')).expect(200)).text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) expect(Object.keys(line).sort()).toEqual(['chain', 'data', 'eventId', 'metadata', 'position', 'schemaVersion', 'streamId', 'streamRevision', 'type']);
  });

  it('shows names, roles, sentences and changes on the audit page, to an auditor', async () => {
    const page = (await t.http(auditor).get(`/programmes/${programmeId}/audit`).expect(200)).text;
    expect(page).toContain('<strong>Priya Shah</strong><br>priya.shah@tracker.example<br>Adviser');
    expect(page).toContain('Recorded step ‘consent received’ on contract CON-014 (Payroll software), effective 21 November 2026');
    expect(page).toContain('<li>annual value: £120,000 → £125,000</li>');
    expect(page).not.toContain('<strong>=HYPERLINK'.replace('=', '&#61;'));
    expect(page).toContain('=HYPERLINK(&quot;https://evil.example&quot;,&quot;Mallory&quot;)');
  });

  it('pages the audit page 50 entries at a time, counting them all, and shows the last page for a page past the end', async () => {
    for (let i = 0; i < 60; i++) await t.http().post(at('/notes')).send({ target: { kind: 'item', itemId }, text: `Chased the supplier, call ${i + 1}` }).expect(201);
    const total = (await t.http(auditor).get(at('/audit?limit=1')).expect(200)).body.total as number;
    expect(total).toBeGreaterThan(50);
    const rows = (html: string) => (html.match(/<tr class="govuk-table__row"/g) ?? []).length;
    const first = (await t.http(auditor).get(`/programmes/${programmeId}/audit`).expect(200)).text;
    const last = Math.ceil(total / 50);
    const end = (await t.http(auditor).get(`/programmes/${programmeId}/audit?page=${last}`).expect(200)).text;
    const beyond = (await t.http(auditor).get(`/programmes/${programmeId}/audit?page=${last + 5}`).expect(200)).text;
    expect(rows(first) - rows(end)).toBe(50 - (total - (last - 1) * 50));
    expect(beyond).toContain('Chased the supplier, call 60');
    expect(rows(beyond)).toBe(rows(end));
    expect(first).toContain(`${total}`);
  });
});
