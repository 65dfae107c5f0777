import type Database from 'better-sqlite3';
import type { StoredEvent } from '@tracker/event-store';
import {
  BudgetEvent,
  Finding,
  FindingEvent,
  RegisterItemEvent,
  RegisterItemState,
  findingDecider,
  registerItemDecider,
} from '@tracker/domain';
import { Projection, prepared } from '../projection';

/**
 * Each register item and finding as its own stream folds it, kept as a row, so readiness can be
 * judged over a whole programme without replaying it. The rows are folded with the domain's own
 * evolve, so the read side cannot disagree with the deciders about what a stream means.
 */
export const programmeRegistersProjection: Projection = {
  name: 'programme-registers',
  // 2: items keep registeredOn, changedOn and stepHistory. 3: items keep the log of every step, withdrawn ones too.
  version: 3,

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS register_items (
        item_id      TEXT PRIMARY KEY,
        programme_id TEXT NOT NULL,
        kind         TEXT NOT NULL,
        reference    TEXT NOT NULL,
        state        TEXT NOT NULL,
        version      INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS register_items_by_programme ON register_items (programme_id, kind, reference);
      CREATE TABLE IF NOT EXISTS findings (
        finding_id   TEXT PRIMARY KEY,
        programme_id TEXT NOT NULL,
        area         TEXT NOT NULL,
        severity     TEXT NOT NULL,
        status       TEXT NOT NULL,
        raised_at    TEXT NOT NULL,
        state        TEXT NOT NULL,
        version      INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS findings_by_programme ON findings (programme_id, raised_at);
      CREATE TABLE IF NOT EXISTS buy_back_budgets (
        programme_id   TEXT NOT NULL,
        sla_item_id    TEXT NOT NULL,
        financial_year TEXT NOT NULL,
        amount         REAL NOT NULL,
        PRIMARY KEY (programme_id, sla_item_id, financial_year)
      );
      CREATE TABLE IF NOT EXISTS budget_envelopes (
        programme_id   TEXT NOT NULL,
        financial_year TEXT NOT NULL,
        amount         REAL NOT NULL,
        PRIMARY KEY (programme_id, financial_year)
      );`);
  },

  tearDown(db) {
    db.exec('DROP TABLE IF EXISTS register_items; DROP TABLE IF EXISTS findings; DROP TABLE IF EXISTS buy_back_budgets; DROP TABLE IF EXISTS budget_envelopes;');
  },

  apply(event: StoredEvent, db) {
    if (!event.streamId.startsWith('programme-')) return;
    const version = event.streamRevision + 1;
    if (event.streamId.includes('-item-')) return applyItem(event as StoredEvent & RegisterItemEvent, version, db);
    if (event.streamId.includes('-finding-')) return applyFinding(event as StoredEvent & FindingEvent, version, db);
    if (event.streamId.endsWith('-budgets')) return applyBudget(event as StoredEvent & BudgetEvent, db);
  },
};

function applyItem(event: StoredEvent & RegisterItemEvent, version: number, db: Database.Database): void {
  const row = prepared<[string], { state: string; version: number }>(db, 'SELECT state, version FROM register_items WHERE item_id = ?').get(event.data.itemId);
  // Each row names the version it has reached: an event applied twice changes nothing.
  if (row && row.version >= version) return;
  const before: RegisterItemState = row ? JSON.parse(row.state) : registerItemDecider.initialState();
  const after = registerItemDecider.evolve(before, event);
  if (after.status !== 'registered') return;
  prepared(db, 
    `INSERT INTO register_items (item_id, programme_id, kind, reference, state, version) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET state = excluded.state, version = excluded.version`,
  ).run(after.itemId, after.programmeId, after.kind, after.reference, JSON.stringify(after), version);
}

function applyFinding(event: StoredEvent & FindingEvent, version: number, db: Database.Database): void {
  const row = prepared<[string], { state: string; version: number }>(db, 'SELECT state, version FROM findings WHERE finding_id = ?').get(event.data.findingId);
  if (row && row.version >= version) return;
  const before: Finding = row ? JSON.parse(row.state) : findingDecider.initialState();
  const after = findingDecider.evolve(before, event);
  if (after.status === 'none') return;
  const raisedAt = event.type === 'FindingRaised' ? event.metadata.recordedAt : undefined;
  prepared(db, 
    `INSERT INTO findings (finding_id, programme_id, area, severity, status, raised_at, state, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (finding_id) DO UPDATE SET area = excluded.area, severity = excluded.severity, status = excluded.status, state = excluded.state, version = excluded.version`,
  ).run(after.findingId, after.programmeId, after.target.area, after.severity, after.status, raisedAt ?? '', JSON.stringify(after), version);
}

function applyBudget(event: StoredEvent & BudgetEvent, db: Database.Database): void {
  switch (event.type) {
    case 'BuyBackBudgetSet':
      prepared(db, 'INSERT OR REPLACE INTO buy_back_budgets (programme_id, sla_item_id, financial_year, amount) VALUES (?, ?, ?, ?)').run(
        event.data.programmeId,
        event.data.slaItemId,
        event.data.financialYear,
        event.data.amount,
      );
      return;
    case 'BudgetEnvelopeSet':
      prepared(db, 'INSERT OR REPLACE INTO budget_envelopes (programme_id, financial_year, amount) VALUES (?, ?, ?)').run(event.data.programmeId, event.data.financialYear, event.data.amount);
      return;
    case 'CostModelLineRecorded':
      return;
    default:
      return assertNever(event);
  }
}

function assertNever(event: never): void {
  void event;
}
