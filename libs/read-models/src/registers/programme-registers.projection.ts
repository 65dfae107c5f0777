import type Database from 'better-sqlite3';
import type { StoredEvent } from '@tracker/event-store';
import { BudgetEvent, BuyBackBudgetSet, Money, NO_MONEY, budgetsDecider, Finding, FindingEvent, RegisterItemEvent, REGISTERED_EVENT_TYPES, RegisterItemState, findingDecider, registerItemDecider, ukDateOf, programmeStreamOf } from '@tracker/domain';
import { Projection, ProjectionBatch, prepared } from '../projection';

/**
 * Each register item and finding as its own stream folds it, kept as a row, so readiness can be
 * judged over a whole programme without replaying it. The rows are folded with the domain's own
 * evolve, so the read side cannot disagree with the deciders about what a stream means.
 */
export const programmeRegistersProjection: Projection = {
  name: 'programme-registers',
  // 2: items keep registeredOn, changedOn and stepHistory. 3: items keep the log of every step, withdrawn ones too.
  // 4: each programme's money (baseline, cost model, agreements, facility, payment profile).
  version: 4,

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
      );
      CREATE TABLE IF NOT EXISTS programme_money (
        programme_id TEXT PRIMARY KEY,
        state        TEXT NOT NULL,
        version      INTEGER NOT NULL
      );`);
  },

  tearDown(db) {
    db.exec('DROP TABLE IF EXISTS register_items; DROP TABLE IF EXISTS findings; DROP TABLE IF EXISTS buy_back_budgets; DROP TABLE IF EXISTS budget_envelopes; DROP TABLE IF EXISTS programme_money;');
  },

  apply(event: StoredEvent, db) {
    const kind = programmeStreamOf(event.streamId)?.kind;
    const version = event.streamRevision + 1;
    if (kind === 'item') return applyItem(event as StoredEvent & RegisterItemEvent, version, db);
    if (kind === 'finding') return applyFinding(event as StoredEvent & FindingEvent, version, db);
    if (kind === 'budgets') return applyBudget(event as StoredEvent & BudgetEvent, version, db);
  },

  startBatch(db) {
    return new RegistersBatch(db);
  },
};

/** An item or finding row as a batch holds it: read once, folded in memory, written once if changed. */
interface HeldRow<State, Inserted> {
  state: State;
  version: number;
  /** Set when the batch changed it. */
  changed: boolean;
  /** What the row's first insert would have written in the columns an update leaves alone; for a row new in this batch. */
  readonly inserted?: Inserted;
}

/**
 * The rows of a batch of events kept in memory: each item or finding is read at most once, folded
 * with every event of the batch, and written once at the end, where `apply` reads, parses,
 * serialises and writes the whole row for every event (an item amended 200 times was written 200
 * times). Holding live objects rather than the row's JSON is exact only while each state is what
 * reading its JSON back would give: a fold that yields anything else (an undefined, a non-finite
 * number) is put through JSON as `apply` would, so the rows and every later fold are the same.
 */
class RegistersBatch implements ProjectionBatch {
  /** null: read, and not in the table. */
  private readonly items = new Map<string, HeldRow<RegisterItemState, { programmeId: string; kind: string; reference: string }> | null>();
  private readonly findings = new Map<string, HeldRow<Finding, { programmeId: string; raisedAt: string }> | null>();
  private readonly money = new Map<string, HeldRow<Money, never>>();

  constructor(private readonly db: Database.Database) {}

  apply(event: StoredEvent): void {
    const kind = programmeStreamOf(event.streamId)?.kind;
    const version = event.streamRevision + 1;
    if (kind === 'item') this.applyItem(event as StoredEvent & RegisterItemEvent, version);
    else if (kind === 'finding') this.applyFinding(event as StoredEvent & FindingEvent, version);
    else if (kind === 'budgets') this.applyBudget(event as StoredEvent & BudgetEvent, version);
  }

  /** As `applyBudget`, with each programme's money read once and written once for the batch: a 2,000-line cost model is not parsed and written again for every line. */
  private applyBudget(event: StoredEvent & BudgetEvent, version: number): void {
    if (event.type === 'BudgetEnvelopeSet') return applyBudget(event, version, this.db);
    if (event.type === 'BuyBackBudgetSet') writeBuyBack(event, this.db);
    const programmeId = event.data.programmeId;
    let row = this.money.get(programmeId);
    if (row === undefined) {
      const stored = prepared<[string], { state: string; version: number }>(this.db, 'SELECT state, version FROM programme_money WHERE programme_id = ?').get(programmeId);
      row = { state: stored ? JSON.parse(stored.state) : NO_MONEY, version: stored?.version ?? 0, changed: false };
      this.money.set(programmeId, row);
    }
    if (row.version >= version) return;
    row.state = asStored(row.state, budgetsDecider.evolve({ buyBack: new Map(), envelopes: new Map(), money: row.state }, event).money);
    row.version = version;
    row.changed = true;
  }

  private applyItem(event: StoredEvent & RegisterItemEvent, version: number): void {
    const itemId = event.data.itemId;
    let row = this.items.get(itemId);
    if (row === undefined) {
      const stored = prepared<[string], { state: string; version: number }>(this.db, 'SELECT state, version FROM register_items WHERE item_id = ?').get(itemId);
      row = stored ? { state: JSON.parse(stored.state), version: stored.version, changed: false } : null;
      this.items.set(itemId, row);
    }
    if (row && row.version >= version) return;
    const before = row ? row.state : registerItemDecider.initialState();
    const after = asStored(before, registerItemDecider.evolve(before, withDay(event)));
    if (after.status !== 'registered') return;
    if (row) {
      row.state = after;
      row.version = version;
      row.changed = true;
    } else this.items.set(itemId, { state: after, version, changed: true, inserted: { programmeId: after.programmeId, kind: after.kind, reference: after.reference } });
  }

  private applyFinding(event: StoredEvent & FindingEvent, version: number): void {
    const findingId = event.data.findingId;
    let row = this.findings.get(findingId);
    if (row === undefined) {
      const stored = prepared<[string], { state: string; version: number }>(this.db, 'SELECT state, version FROM findings WHERE finding_id = ?').get(findingId);
      row = stored ? { state: JSON.parse(stored.state), version: stored.version, changed: false } : null;
      this.findings.set(findingId, row);
    }
    if (row && row.version >= version) return;
    const before = row ? row.state : findingDecider.initialState();
    const after = asStored(before, findingDecider.evolve(before, event));
    if (after.status === 'none') return;
    if (row) {
      row.state = after;
      row.version = version;
      row.changed = true;
    } else {
      const raisedAt = event.type === 'FindingRaised' ? event.metadata.recordedAt : '';
      this.findings.set(findingId, { state: after, version, changed: true, inserted: { programmeId: after.programmeId, raisedAt } });
    }
  }

  flush(): void {
    const item = prepared(this.db, UPSERT_ITEM);
    for (const row of this.items.values()) {
      if (!row?.changed || row.state.status !== 'registered') continue;
      const s = row.state;
      // As `apply` writes: an update leaves these columns as the row's first insert made them.
      const columns = row.inserted ?? s;
      item.run(s.itemId, columns.programmeId, columns.kind, columns.reference, JSON.stringify(s), row.version);
    }
    const money = prepared(this.db, 'INSERT OR REPLACE INTO programme_money (programme_id, state, version) VALUES (?, ?, ?)');
    for (const [programmeId, row] of this.money) if (row.changed) money.run(programmeId, JSON.stringify(row.state), row.version);
    const finding = prepared(this.db, UPSERT_FINDING);
    for (const row of this.findings.values()) {
      if (!row?.changed || row.state.status === 'none') continue;
      const s = row.state;
      finding.run(s.findingId, row.inserted?.programmeId ?? s.programmeId, s.target.area, s.severity, s.status, row.inserted?.raisedAt ?? '', JSON.stringify(s), row.version);
    }
  }
}

const DATED_TYPES = new Set<string>([...Object.values(REGISTERED_EVENT_TYPES), 'RegisterItemAmended']);

/**
 * A registration or amendment of schema version 1 as version 2 records it: with `on`, the UK day
 * its metadata gives, which is what the fold works out for such an event (the domain's `dayOf`).
 * Worked out here once an hour of instants rather than by the time zone's rules for each event
 * (a third of the fold of an amendment).
 */
function withDay<E extends StoredEvent & RegisterItemEvent>(event: E): E {
  if (!DATED_TYPES.has(event.type)) return event;
  const data = event.data as { readonly on?: string };
  if (data.on !== undefined) return event;
  const { effectiveAt, recordedAt } = event.metadata as { effectiveAt?: string; recordedAt?: string };
  const instant = effectiveAt ?? recordedAt;
  // Field by field rather than spread: this runs for most events of a long history.
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    streamRevision: event.streamRevision,
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: Object.assign({}, event.data, { on: instant === undefined ? '' : ukDayOf(instant) }),
    metadata: event.metadata,
  } as E;
}

/** The store's canonical instant, `YYYY-MM-DDTHH:mm:ss.sssZ`: 0 a digit, anything else itself. */
const CANONICAL_INSTANT = '0000-00-00T00:00:00.000Z';
const isCanonical = (instant: string): boolean => {
  if (instant.length !== CANONICAL_INSTANT.length) return false;
  for (let i = 0; i < CANONICAL_INSTANT.length; i++) {
    const c = instant.charCodeAt(i);
    if (CANONICAL_INSTANT.charCodeAt(i) === 48 ? c < 48 || c > 57 : c !== CANONICAL_INSTANT.charCodeAt(i)) return false;
  }
  return true;
};
/** The UK day of each UTC hour seen, or null for an hour with a midnight inside it. */
const dayOfHour = new Map<string, string | null>();

/**
 * ukDateOf(instant), remembered by the UTC hour. London's offset from UTC has been a whole number
 * of hours since 1847, so an hour whose first and last millisecond fall on the same UK day lies
 * wholly in it; any other hour, and any instant not written in the store's canonical form, is
 * worked out as ukDateOf does.
 */
export function ukDayOf(instant: string): string {
  if (!isCanonical(instant)) return ukDateOf(instant);
  const hour = instant.slice(0, 13);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    const first = ukDateOf(`${hour}:00:00.000Z`);
    day = first === ukDateOf(`${hour}:59:59.999Z`) ? first : null;
    if (dayOfHour.size >= 100_000) dayOfHour.clear();
    dayOfHour.set(hour, day);
  }
  return day ?? ukDateOf(instant);
}

/**
 * `after` as reading its JSON back would give it. A fold builds its new state from the old one, so
 * only the parts it replaced are looked at; when all of them are plain JSON values the state is
 * returned as it is, and otherwise it goes through JSON, as a row read back would.
 */
function asStored<State extends object>(before: State, after: State): State {
  if (after === before) return after;
  for (const key in after) {
    const value = (after as Record<string, unknown>)[key];
    if (value !== (before as Record<string, unknown>)[key] && !isJson(value)) return JSON.parse(JSON.stringify(after));
  }
  return after;
}

/** True when JSON.parse(JSON.stringify(value)) is a copy of value, equal in every key and its order. */
export function isJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !isJson(value[i])) return false;
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype) return false;
      for (const key in value) if (!isJson((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

const UPSERT_ITEM = `INSERT INTO register_items (item_id, programme_id, kind, reference, state, version) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_id) DO UPDATE SET state = excluded.state, version = excluded.version`;
const UPSERT_FINDING = `INSERT INTO findings (finding_id, programme_id, area, severity, status, raised_at, state, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (finding_id) DO UPDATE SET area = excluded.area, severity = excluded.severity, status = excluded.status, state = excluded.state, version = excluded.version`;

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

function applyBudget(event: StoredEvent & BudgetEvent, version: number, db: Database.Database): void {
  switch (event.type) {
    case 'BuyBackBudgetSet':
      writeBuyBack(event, db);
      break;
    case 'BudgetEnvelopeSet':
      prepared(db, 'INSERT OR REPLACE INTO budget_envelopes (programme_id, financial_year, amount) VALUES (?, ?, ?)').run(event.data.programmeId, event.data.financialYear, event.data.amount);
      return;
  }
  // The money, folded with the budgets decider's own evolve; the row names the version it has reached.
  const row = prepared<[string], { state: string; version: number }>(db, 'SELECT state, version FROM programme_money WHERE programme_id = ?').get(event.data.programmeId);
  if (row && row.version >= version) return;
  const money: Money = row ? JSON.parse(row.state) : NO_MONEY;
  const after = budgetsDecider.evolve({ buyBack: new Map(), envelopes: new Map(), money }, event).money;
  prepared(db, 'INSERT OR REPLACE INTO programme_money (programme_id, state, version) VALUES (?, ?, ?)').run(event.data.programmeId, JSON.stringify(after), version);
}

function writeBuyBack(event: StoredEvent & BuyBackBudgetSet, db: Database.Database): void {
  prepared(db, 'INSERT OR REPLACE INTO buy_back_budgets (programme_id, sla_item_id, financial_year, amount) VALUES (?, ?, ?, ?)').run(event.data.programmeId, event.data.slaItemId, event.data.financialYear, event.data.amount);
}
