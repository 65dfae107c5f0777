import type Database from 'better-sqlite3';
import { AreaReadiness, RULESET_VERSION, Rating } from '@tracker/readiness';
import { PROGRAMME_FOLD_VERSION } from '../programmes/programme-fold';

/** One day of a programme's readiness: as it stood at the end of that UK day, judged on that day. */
export interface ReadinessDay {
  readonly date: string;
  readonly overall: Rating | null;
  readonly areas: readonly AreaReadiness[];
}

/** Rows judged by another rule set, or folded by another fold, are not this one's: they are recomputed. */
const JUDGED_BY = `${RULESET_VERSION}.${PROGRAMME_FOLD_VERSION}`;

/**
 * The day-by-day trend, kept so that the dashboard does not replay the whole history on every load
 * (it did: 11.6 s at 100,000 events). A day once over is history, recorded times never run
 * backwards, so its row never changes: each day is judged once, when first asked for, not on the
 * write path. Not a projection: it is worked out from the event store, so a rebuild of the read
 * models leaves it alone and deleting it only costs a replay.
 */
export class ReadinessDays {
  constructor(private readonly db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS readiness_days (
        programme_id TEXT NOT NULL,
        judged_by    TEXT NOT NULL,
        date         TEXT NOT NULL,
        overall      TEXT,
        areas        TEXT NOT NULL,
        PRIMARY KEY (programme_id, judged_by, date)
      );
      CREATE TABLE IF NOT EXISTS readiness_days_closed (
        programme_id TEXT NOT NULL,
        judged_by    TEXT NOT NULL,
        through      TEXT NOT NULL,
        PRIMARY KEY (programme_id, judged_by)
      );`);
  }

  /** The last day judged and kept, if any. */
  closedThrough(programmeId: string): string | undefined {
    return this.db
      .prepare<[string, string], { through: string }>('SELECT through FROM readiness_days_closed WHERE programme_id = ? AND judged_by = ?')
      .get(programmeId, JUDGED_BY)?.through;
  }

  /** Keeps closed days and moves the mark, in one transaction. */
  close(programmeId: string, days: readonly ReadinessDay[], through: string): void {
    const save = this.db.prepare('INSERT OR REPLACE INTO readiness_days (programme_id, judged_by, date, overall, areas) VALUES (?, ?, ?, ?, ?)');
    const mark = this.db.prepare('INSERT OR REPLACE INTO readiness_days_closed (programme_id, judged_by, through) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const day of days) save.run(programmeId, JUDGED_BY, day.date, day.overall, JSON.stringify(day.areas));
      mark.run(programmeId, JUDGED_BY, through);
    })();
  }

  /** The kept days before `before`, oldest first. */
  closedBefore(programmeId: string, before: string): ReadinessDay[] {
    return this.db
      .prepare<[string, string, string], { date: string; overall: Rating | null; areas: string }>(
        'SELECT date, overall, areas FROM readiness_days WHERE programme_id = ? AND judged_by = ? AND date < ? ORDER BY date',
      )
      .all(programmeId, JUDGED_BY, before)
      .map((row) => ({ date: row.date, overall: row.overall, areas: JSON.parse(row.areas) }));
  }
}
