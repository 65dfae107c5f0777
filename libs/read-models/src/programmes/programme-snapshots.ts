import type Database from 'better-sqlite3';
import { PROGRAMME_FOLD_VERSION, SavedFold } from './programme-fold';

/** A snapshot is saved after every this many of a programme's events, as history is folded… */
export const SNAPSHOT_EVERY = 5_000;
/**
 * …or after more, once the programme's state is large: never before the events since the last
 * snapshot could fill as many bytes as it did, counting each event as at least this many (a stored
 * event's ids, metadata and hash alone take more). Snapshots then never outgrow the event store:
 * saving the whole state every 5,000 events grew with the square of the history (1.3 GiB at 200,000
 * events), and one auditor's question could fill the disk.
 */
export const MIN_EVENT_BYTES = 256;

/** How many of a programme's events must follow a snapshot of `snapshotBytes` before the next is saved. */
export function snapshotSpacing(snapshotBytes: number): number {
  return Math.max(SNAPSHOT_EVERY, Math.ceil(snapshotBytes / MIN_EVENT_BYTES));
}

export interface Snapshot {
  /** Global position of the last event folded in. */
  readonly position: number;
  /** When that event was recorded. */
  readonly recordedAt: string;
  /** How many of the programme's events are folded in. */
  readonly events: number;
  readonly fold: SavedFold;
  /** The saved fold's size in bytes (its JSON), as read back. */
  readonly bytes?: number;
}

/**
 * Programme folds saved part-way through their history, so the past is judged without replaying
 * it from the start. History is append-only, so a snapshot stays true for ever; one written by
 * another fold version is ignored. Rebuildable like everything in the read store.
 */
export class ProgrammeSnapshots {
  constructor(private readonly db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS programme_snapshots (
      programme_id TEXT NOT NULL,
      fold_version INTEGER NOT NULL,
      position     INTEGER NOT NULL,
      recorded_at  TEXT NOT NULL,
      events       INTEGER NOT NULL,
      fold         TEXT NOT NULL,
      PRIMARY KEY (programme_id, fold_version, position)
    );
    CREATE TABLE IF NOT EXISTS programme_snapshots_kept (
      fold_version INTEGER PRIMARY KEY,
      position     INTEGER NOT NULL
    )`);
  }

  /**
   * The global position up to which snapshots have been taken as events arrived: every snapshot the
   * spacing rule asks for at or before it is saved. 0 when none has been taken by this fold version.
   */
  keptThrough(): number {
    return this.db.prepare<[number], { position: number }>('SELECT position FROM programme_snapshots_kept WHERE fold_version = ?').get(PROGRAMME_FOLD_VERSION)?.position ?? 0;
  }

  keepThrough(position: number): void {
    this.db
      .prepare('INSERT INTO programme_snapshots_kept (fold_version, position) VALUES (?, ?) ON CONFLICT (fold_version) DO UPDATE SET position = max(position, excluded.position)')
      .run(PROGRAMME_FOLD_VERSION, position);
  }

  /** The newest snapshot whose events were all recorded by `recordedBy` and lie at or before `position`. */
  latest(programmeId: string, bounds: { recordedBy?: string; position?: number } = {}): Snapshot | undefined {
    const row = this.db
      .prepare<[string, number, string, number], { position: number; recorded_at: string; events: number; fold: string }>(
        `SELECT position, recorded_at, events, fold FROM programme_snapshots
          WHERE programme_id = ? AND fold_version = ? AND recorded_at <= ? AND position <= ?
          ORDER BY position DESC LIMIT 1`,
      )
      .get(programmeId, PROGRAMME_FOLD_VERSION, bounds.recordedBy ?? '9999', bounds.position ?? Number.MAX_SAFE_INTEGER);
    return row && { position: row.position, recordedAt: row.recorded_at, events: row.events, fold: JSON.parse(row.fold), bytes: row.fold.length };
  }

  /** Saves a snapshot and answers its size in bytes. */
  save(programmeId: string, snapshot: Snapshot): number {
    const fold = JSON.stringify(snapshot.fold);
    this.db
      .prepare('INSERT OR IGNORE INTO programme_snapshots (programme_id, fold_version, position, recorded_at, events, fold) VALUES (?, ?, ?, ?, ?, ?)')
      .run(programmeId, PROGRAMME_FOLD_VERSION, snapshot.position, snapshot.recordedAt, snapshot.events, fold);
    return fold.length;
  }

  /** Every snapshot's size added up, for every programme: what the snapshots cost on disk. */
  totalBytes(): number {
    return this.db.prepare<[], { n: number | null }>('SELECT sum(length(fold)) AS n FROM programme_snapshots').get()!.n ?? 0;
  }

  count(programmeId: string): number {
    return this.db.prepare<[string, number], { n: number }>('SELECT count(*) AS n FROM programme_snapshots WHERE programme_id = ? AND fold_version = ?').get(programmeId, PROGRAMME_FOLD_VERSION)!.n;
  }
}
