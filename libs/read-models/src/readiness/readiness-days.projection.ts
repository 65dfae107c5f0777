import type Database from 'better-sqlite3';
import type { StoredEvent } from '@tracker/event-store';
import { ukDateOf } from '@tracker/domain';
import { AreaReadiness, RULESET_VERSION, Rating } from '@tracker/readiness';
import { programmeOfStream } from '../audit/audit-chain.projection';
import { ProgrammeList } from '../programmes/programme-list.projection';
import { Projection, prepared } from '../projection';
import { ProgrammeRegisters } from '../registers/programme-registers';
import { judgeView } from './judge';

/** One day of a programme's readiness: as it stood at the end of that UK day, judged on that day. */
export interface ReadinessDay {
  readonly date: string;
  readonly overall: Rating | null;
  readonly areas: readonly AreaReadiness[];
}

/**
 * The day-by-day trend, kept as rows so the dashboard never replays history to draw it (it did:
 * 11.6 s at 100,000 events). When a programme's first event of a new day arrives, every day from
 * its last day with events up to the day before is closed: judged, on its own date, with the state
 * before this event. That state is the read store's own rows, because this projection is applied
 * to each event before the projections that keep them (see PROJECTIONS). Applying an event twice
 * closes nothing twice. Judged with the current rule set, so a new one rebuilds it.
 */
export const readinessDaysProjection: Projection = {
  name: 'readiness-days',
  version: RULESET_VERSION * 1000 + 1,

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS readiness_days (
        programme_id TEXT NOT NULL,
        date         TEXT NOT NULL,
        overall      TEXT,
        areas        TEXT NOT NULL,
        PRIMARY KEY (programme_id, date)
      );
      CREATE TABLE IF NOT EXISTS readiness_open_days (
        programme_id TEXT PRIMARY KEY,
        date         TEXT NOT NULL,
        position     INTEGER NOT NULL
      );`);
  },

  tearDown(db) {
    db.exec('DROP TABLE IF EXISTS readiness_days; DROP TABLE IF EXISTS readiness_open_days;');
  },

  apply(event: StoredEvent, db) {
    const programmeId = programmeOfStream(event.streamId);
    if (programmeId === undefined) return;
    const day = ukDateOf(event.metadata.recordedAt);
    const open = prepared<[string], { date: string }>(db, 'SELECT date FROM readiness_open_days WHERE programme_id = ?').get(programmeId)?.date;
    if (open !== undefined && day > open) {
      const view = stateOf(db, programmeId);
      const save = prepared(db, 'INSERT OR REPLACE INTO readiness_days (programme_id, date, overall, areas) VALUES (?, ?, ?, ?)');
      if (view) for (let d = open; d < day; d = nextDay(d)) {
        const { overall, areas } = judgeView(view, d);
        save.run(programmeId, d, overall, JSON.stringify(areas));
      }
    }
    prepared(
      db,
      `INSERT INTO readiness_open_days (programme_id, date, position) VALUES (?, ?, ?)
       ON CONFLICT (programme_id) DO UPDATE SET date = max(date, excluded.date), position = max(position, excluded.position)`,
    ).run(programmeId, day, event.position);
  },
};

function stateOf(db: Database.Database, programmeId: string) {
  const programme = new ProgrammeList(db).get(programmeId);
  if (!programme) return undefined;
  const registers = new ProgrammeRegisters(db);
  return { programme, items: registers.items(programmeId), findings: registers.findings(programmeId), ...registers.budgets(programmeId) };
}

export function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10);
}

/** Reads of the day-by-day trend. */
export class ReadinessDays {
  constructor(private readonly db: Database.Database) {}

  /** The closed days before `before`, oldest first. */
  closedBefore(programmeId: string, before: string): ReadinessDay[] {
    return prepared<[string, string], { date: string; overall: Rating | null; areas: string }>(
      this.db,
      'SELECT date, overall, areas FROM readiness_days WHERE programme_id = ? AND date < ? ORDER BY date',
    )
      .all(programmeId, before)
      .map((row) => ({ date: row.date, overall: row.overall, areas: JSON.parse(row.areas) }));
  }

  /** The last day with events, still open (its state may change until the next day begins), and the position of the programme's last event. */
  openDay(programmeId: string): { readonly date: string; readonly position: number } | undefined {
    return prepared<[string], { date: string; position: number }>(this.db, 'SELECT date, position FROM readiness_open_days WHERE programme_id = ?').get(programmeId);
  }
}
