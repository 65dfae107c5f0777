import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditEntry, AuditFilter, AuditTrail } from '../src/audit/audit-trail';
import { demoStart, loadNorthshire } from '../src/demo/northshire';
import { ADMIN_TOKEN, startTestApp, TestApp } from './support/test-app';

const ANCHOR = '2026-11-22';

/**
 * Audit pages come from the audit index (a projection), not from reading the whole history: each
 * page must equal that slice of the history read afresh, filter by filter, and where the store no
 * longer holds what was recorded the page is read from the history, so it shows what the store holds.
 */
describe('audit pages from the index', () => {
  let t: TestApp;
  let programmeId: string;
  let trail: AuditTrail;
  let scans: jest.SpyInstance;
  const root = mkdtempSync(join(tmpdir(), 'tracker-audit-index-'));
  const dataDir = join(root, 'data');

  beforeAll(async () => {
    t = await startTestApp({ DATA_DIR: dataDir, API_TOKEN_MAX_DAYS: '1200' }, demoStart(ANCHOR));
    ({ programmeId } = await loadNorthshire(t.app, { anchor: ANCHOR, password: 'a demo password', adminToken: ADMIN_TOKEN, setNow: t.setNow }));
    trail = t.app.get(AuditTrail);
    scans = jest.spyOn(trail as unknown as { scanPage: () => unknown }, 'scanPage');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => scans.mockClear());

  const history = async (filter: AuditFilter): Promise<AuditEntry[]> => {
    const entries: AuditEntry[] = [];
    for await (const entry of trail.stream(programmeId, filter)) entries.push(entry);
    return entries;
  };
  const paged = async (filter: AuditFilter, size: number): Promise<{ entries: AuditEntry[]; totals: Set<number> }> => {
    const entries: AuditEntry[] = [];
    const totals = new Set<number>();
    for (let offset = 0; ; offset += size) {
      const page = await trail.page(programmeId, filter, offset, size);
      totals.add(page.total);
      entries.push(...page.entries);
      if (page.entries.length < size) return { entries, totals };
    }
  };

  it('gives every page as the history read afresh gives it, with each filter, from the index alone', async () => {
    const all = await history({});
    expect(all.length).toBeGreaterThan(2_000);
    const someone = all.find((entry) => entry.userId !== 'system' && entry.name !== undefined)!;
    const item = all.find((entry) => entry.itemId !== undefined)!.itemId!;
    const finding = all.find((entry) => entry.findingId !== undefined && entry.area !== undefined)!.findingId!;
    const middle = all[Math.floor(all.length / 2)].recordedAt;
    const filters: AuditFilter[] = [
      {},
      { area: 'contracts' },
      { area: 'budgets' },
      { type: 'FindingUpdated' },
      { userId: someone.userId },
      { itemId: item },
      { findingId: finding },
      { from: middle.slice(0, 10) },
      { to: middle },
      { from: all[100].recordedAt, to: middle, area: 'systems' },
      { type: 'NoSuchType' },
    ];
    for (const filter of filters) {
      const expected = await history(filter);
      const { entries, totals } = await paged(filter, 97);
      expect({ filter, entries }).toEqual({ filter, entries: expected });
      expect([...totals]).toEqual([expected.length]);
    }
    // The words name people as their accounts say now, and say what each change was.
    const added = (await paged({ type: 'MemberAdded' }, 50)).entries;
    expect(added.length).toBeGreaterThan(0);
    for (const entry of added) expect(entry.description).toMatch(/^Added (?!user )[^\uFDD0\uFDD1]+ to the programme as /);
    expect(all.some((entry) => entry.changes.length > 0)).toBe(true);
    expect(scans).not.toHaveBeenCalled();
  }, 120_000);

  it('reads the last page counted back from the end, and a page past the end is empty with the total', async () => {
    const all = await history({});
    const last = await trail.page(programmeId, {}, all.length - 10, 50);
    expect(last.entries.map((entry) => entry.position)).toEqual(all.slice(-10).map((entry) => entry.position));
    expect(await trail.page(programmeId, {}, all.length + 5, 50)).toEqual({ entries: [], total: all.length });
    expect(scans).not.toHaveBeenCalled();
  });

  it('is read from the history itself where the store no longer holds the event recorded, so the page shows what the store holds', async () => {
    const all = await history({});
    const target = all[1_000];
    const db = new Database(join(dataDir, 'events.sqlite'));
    try {
      db.prepare(`UPDATE events SET data = json_set(data, '$.altered', 'by an insider') WHERE position = ?`).run(target.position);
    } finally {
      db.close();
    }
    const page = await trail.page(programmeId, {}, 990, 20);
    expect(scans).toHaveBeenCalledTimes(1);
    const shown = page.entries.find((entry) => entry.position === target.position)!;
    expect(shown.data).toMatchObject({ altered: 'by an insider' });
    const afresh = await history({});
    expect(page.entries).toEqual(afresh.slice(990, 1_010));
    // A page the alteration is not on is still the index's, with the chain as recorded.
    scans.mockClear();
    const before = await trail.page(programmeId, {}, 0, 20);
    expect(scans).not.toHaveBeenCalled();
    expect(before.entries).toEqual(afresh.slice(0, 20));
  });
});
