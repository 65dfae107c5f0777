import type Database from 'better-sqlite3';
import { GENESIS, entryHash } from '@tracker/audit';
import type { StoredEvent } from '@tracker/event-store';
import { Projection, prepared } from '../projection';

const PROGRAMME_STREAM = /^programme-([0-9a-f-]{36})(-|$)/;

/** The programme a stream belongs to, if any: `programme-{uuid}` and the streams under it. */
export function programmeOfStream(streamId: string): string | undefined {
  return PROGRAMME_STREAM.exec(streamId)?.[1];
}

/**
 * Each programme's hash chain as it was when each event was first seen. Kept beside the store so
 * that verification can name the exact event that was later altered, removed or inserted.
 */
export const auditChainProjection: Projection = {
  name: 'audit-chain',
  version: 1,

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS audit_chain (
        position      INTEGER PRIMARY KEY,
        programme_id  TEXT NOT NULL,
        event_id      TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash          TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_chain_by_programme ON audit_chain (programme_id, position);`);
  },

  /**
   * Kept through a rebuild: the recorded chain is evidence of what the store held when each event
   * was first seen, and rebuilt from the store it would adopt any alteration made since. Applying
   * the events again changes nothing here. (Delete the read store to start the chain afresh.)
   */
  tearDown() {},

  apply(event: StoredEvent, db) {
    const programmeId = programmeOfStream(event.streamId);
    if (programmeId === undefined) return;
    const head = prepared<[string], { position: number; hash: string }>(db, 'SELECT position, hash FROM audit_chain WHERE programme_id = ? ORDER BY position DESC LIMIT 1').get(programmeId);
    // Events arrive in position order, so one at or before the head is already chained: applying it twice changes nothing.
    if (head && head.position >= event.position) return;
    const previous = head?.hash ?? GENESIS;
    prepared(db, 'INSERT INTO audit_chain (position, programme_id, event_id, previous_hash, hash) VALUES (?, ?, ?, ?, ?)').run(
      event.position,
      programmeId,
      event.eventId,
      previous,
      entryHash(previous, event),
    );
  },
};

export interface RecordedLink {
  readonly position: number;
  readonly eventId: string;
  readonly previousHash: string;
  readonly hash: string;
}

export class AuditChain {
  constructor(private readonly db: Database.Database) {}

  /** The recorded chain of a programme, in position order. */
  links(programmeId: string): RecordedLink[] {
    return prepared<[string], { position: number; event_id: string; previous_hash: string; hash: string }>(this.db, 
        'SELECT position, event_id, previous_hash, hash FROM audit_chain WHERE programme_id = ? ORDER BY position',
      )
      .all(programmeId)
      .map((row) => ({ position: row.position, eventId: row.event_id, previousHash: row.previous_hash, hash: row.hash }));
  }

  /** The head of the chain over the programme's events at or before `position` (all of them when left out). */
  headAt(programmeId: string, position = Number.MAX_SAFE_INTEGER): { position: number; eventCount: number; headHash: string } {
    const row = prepared<[{ programme: string; position: number }], { position: number | null; hash: string | null; count: number }>(this.db, 
        `SELECT MAX(position) AS position, COUNT(*) AS count,
                (SELECT hash FROM audit_chain WHERE programme_id = @programme AND position <= @position ORDER BY position DESC LIMIT 1) AS hash
           FROM audit_chain WHERE programme_id = @programme AND position <= @position`,
      )
      .get({ programme: programmeId, position })!;
    return { position: row.position ?? 0, eventCount: row.count, headHash: row.hash ?? GENESIS };
  }
}
