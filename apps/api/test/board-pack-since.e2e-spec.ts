import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The text of the element with this test id, tags stripped and spaces folded. */
const part = (html: string, testid: string) => {
  const start = html.indexOf(`data-testid="${testid}"`);
  if (start < 0) throw new Error(`no ${testid} in the page`);
  const tag = html.lastIndexOf('<', start);
  const name = /^<([a-z]+)/.exec(html.slice(tag))![1];
  const end = html.indexOf(`</${name}>`, start);
  return html.slice(tag, end).replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ').trim();
};
const rowsOf = (html: string, testid: string) => [...part(html, testid).split(/(?=Overall readiness|Delivery confidence|Open findings|Open critical|Blockers|Go-live date|[A-Z][a-z]+ readiness)/)].map((r) => r.trim());

/**
 * The board pack beside the previous one: the board's go / no-go with its reasons, the decisions
 * taken since the pack tabled at the last decision, and its headline figures then and now. On a
 * Northshire-like timetable: a no-go on 1 October 2026, the next pack on 1 November.
 */
describe('the board pack since the previous pack', () => {
  let t: TestApp;
  let programmeId: string;
  let board: string;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;
  const pack = async (query = '') => (await t.http(board).get(`/programmes/${programmeId}/board-pack${query}`).expect(200)).text;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-09-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    const contract = (await t.http().post(api('/contracts')).send(contractBody).expect(201)).body.id;
    await t.http().post(api('/findings')).send({ itemId: contract, title: 'Carefirst has not consented to novation', description: 'd', severity: 'critical', owner: 'Head of Legal', dueDate: '2027-01-31' }).expect(201);
    const id = (await t.http().post('/api/users').send({ email: 'chair@tracker.example', name: 'Alex Chair' }).expect(201)).body.id as string;
    await t.http().post(api('/members')).send({ userId: id, role: 'board' }).expect(201);
    board = (await t.http().post(`/api/users/${id}/tokens`).send({}).expect(201)).body.token as string;
  }, 60_000);
  afterAll(async () => t?.close());

  it('before any decision, is the first pack, with no go / no-go and nothing to compare with', async () => {
    const html = await pack();
    expect(part(html, 'pack-go-no-go')).toBe('The board has not taken a go / no-go decision yet.');
    expect(part(html, 'previous-pack')).toContain('This is the first pack');
    expect(part(html, 'pack-decisions')).toBe('The board has taken no decision yet.');
    expect(html).not.toContain('data-testid="pack-changes"');
  });

  it('states the board’s go / no-go: what, why, by which body, who recorded it and when', async () => {
    t.setNow('2026-10-01T10:00:00.000Z');
    await t.http(board).post(api('/decisions')).send({ type: 'go-no-go', decision: 'no-go', reasons: 'Carefirst consent outstanding', body: 'project-board' }).expect(201);
    const html = await pack();
    const goNoGo = part(html, 'pack-go-no-go');
    expect(goNoGo).toContain('Decision Go / no-go: No go');
    expect(goNoGo).toContain('Reasons Carefirst consent outstanding');
    expect(goNoGo).toContain('Taken by Project board');
    expect(goNoGo).toContain('Recorded 1 October 2026 at 11:00am by Alex Chair');
    // Just after the decision, the previous pack is the one it was taken on: the decision itself is what happened since.
    expect(part(html, 'previous-pack')).toContain('The previous pack was tabled with the board’s decision “Go / no-go: No go');
    expect(part(html, 'pack-decisions')).toContain('Carefirst consent outstanding');
    expect(part(html, 'pack-changes')).toContain('Open findings 1 1 (no change)');
  });

  it('a month on, lists what changed since that pack and the decision taken at it, and warns when the go-live date has moved off the decision', async () => {
    t.setNow('2026-11-01T10:00:00.000Z');
    await t.http().post(api('/findings')).send({ area: 'systems', title: 'No data sharing agreement for Mosaic', description: 'd', severity: 'high', owner: 'Head of ICT', dueDate: '2026-12-15' }).expect(201);
    await t.http().post(api('/findings')).send({ area: 'assets', title: 'Vehicle leases unclear', description: 'd', severity: 'medium', owner: 'Estates', dueDate: '2027-02-01' }).expect(201);
    await t.http().post(api('/go-live-date/moves')).send({ date: '2027-06-01', reasons: ['pensions'], note: 'LGPS admission agreement late' }).expect(201);
    const html = await pack();
    const changes = rowsOf(html, 'pack-changes');
    expect(changes).toContainEqual('Open findings 1 3');
    expect(changes).toContainEqual('Open critical and high findings 1 2');
    expect(changes).toContainEqual('Go-live date 1 April 2027 1 June 2027');
    expect(part(html, 'pack-decisions')).toMatch(/^Decisions taken since the previous pack, newest first .*Go \/ no-go: No go .* Carefirst consent outstanding Project board 1 October 2026 at 11:00am Alex Chair$/);
    // The no-go was for 1 April; on 1 June it does not stand, and the pack says so.
    expect(textOf(html)).toContain('The go-live date has moved since, to 1 June 2027: this decision was for 1 April 2027 and does not stand on the new date.');
    expect(html).toContain('data-testid="pack-trend"');
  });

  it('tables, with the next decision, a pack comparing with the one tabled at the decision before', async () => {
    const { id } = (await t.http(board).post(api('/decisions')).send({ type: 'delivery-confidence', rating: 'amber', rationale: 'Pensions late' }).expect(201)).body;
    const tabled = (await t.http(board).get(api(`/decisions/${id}/board-pack`)).expect(200).expect('content-type', /text\/html/)).text;
    expect(part(tabled, 'previous-pack')).toContain('The previous pack was tabled with the board’s decision “Go / no-go: No go');
    expect(rowsOf(tabled, 'pack-changes')).toContainEqual('Open findings 1 3');
    // The pack after it compares with it: the rating is what was decided since, and confidence moved.
    const after = await pack();
    expect(part(after, 'previous-pack')).toContain('The previous pack was tabled with the board’s decision “Delivery confidence: Amber');
    expect(part(after, 'pack-decisions')).toContain('Pensions late');
    expect(part(after, 'pack-decisions')).not.toContain('Carefirst consent outstanding');
    expect(rowsOf(after, 'pack-changes')).toContainEqual('Delivery confidence Not yet rated Amber');
  });

  it('as a past day stood, before the first decision, is the first pack again', async () => {
    const html = await pack('?asOf=2026-09-15');
    expect(part(html, 'previous-pack')).toContain('This is the first pack');
    expect(part(html, 'pack-go-no-go')).toBe('The board has not taken a go / no-go decision yet.');
  });
});

function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ').trim();
}
