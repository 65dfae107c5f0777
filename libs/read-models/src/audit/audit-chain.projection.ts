import type Database from 'better-sqlite3';
import { GENESIS, entryHash } from '@tracker/audit';
import type { StoredEvent } from '@tracker/event-store';
import { programmeOfStream } from '@tracker/domain';
import { Projection, prepared } from '../projection';

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

  /** Each programme's head read once a batch and then kept: a rebuild keeps the chain, so most events only meet their head. */
  startBatch(db) {
    const heads = new Map<string, { position: number; hash: string } | undefined>();
    const insert = prepared(db, 'INSERT INTO audit_chain (position, programme_id, event_id, previous_hash, hash) VALUES (?, ?, ?, ?, ?)');
    return {
      apply(event) {
        const programmeId = programmeOfStream(event.streamId);
        if (programmeId === undefined) return;
        let head = heads.get(programmeId);
        if (head === undefined && !heads.has(programmeId)) {
          head = prepared<[string], { position: number; hash: string }>(db, 'SELECT position, hash FROM audit_chain WHERE programme_id = ? ORDER BY position DESC LIMIT 1').get(programmeId);
          heads.set(programmeId, head);
        }
        if (head && head.position >= event.position) return;
        const previous = head?.hash ?? GENESIS;
        const hash = entryHash(previous, event);
        insert.run(event.position, programmeId, event.eventId, previous, hash);
        heads.set(programmeId, { position: event.position, hash });
      },
      flush() {},
    };
  },
};

export interface RecordedLink {
  readonly position: number;
  readonly eventId: string;
  readonly previousHash: string;
  readonly hash: string;
}

const LINKS_PAGE = 5_000;
/** Programmes whose chain length is remembered. */
const COUNTS_KEPT = 1_000;

export class AuditChain {
  constructor(private readonly db: Database.Database) {}

  /** The recorded links of these positions of the programme (a page of its trail), by position. */
  linksAt(programmeId: string, positions: readonly number[]): Map<number, RecordedLink> {
    const links = new Map<number, RecordedLink>();
    const read = prepared<[string, number], { position: number; event_id: string; previous_hash: string; hash: string }>(
      this.db,
      'SELECT position, event_id, previous_hash, hash FROM audit_chain WHERE programme_id = ? AND position = ?',
    );
    for (const position of positions) {
      const row = read.get(programmeId, position);
      if (row) links.set(position, { position: row.position, eventId: row.event_id, previousHash: row.previous_hash, hash: row.hash });
    }
    return links;
  }

  /**
   * The recorded chain of a programme, in position order, read a page at a time as it is consumed:
   * a million links held at once would take hundreds of MiB, and reading them in one statement
   * would hold the event loop for a second. (Pages, not an open iterator, so the connection stays
   * free for the projections' writes while a verification waits between events.) Only links at
   * or before the chain's head when it is called: links recorded while it is being read belong to
   * events a reader of the store that started earlier may not have seen.
   */
  links(programmeId: string): Generator<RecordedLink> {
    // Taken now, before the caller starts reading the store, not when the first link is wanted.
    const upTo =
      prepared<[string], { position: number }>(this.db, 'SELECT position FROM audit_chain WHERE programme_id = ? ORDER BY position DESC LIMIT 1').get(programmeId)?.position ?? 0;
    const page = prepared<[string, number, number, number], { position: number; event_id: string; previous_hash: string; hash: string }>(
      this.db,
      'SELECT position, event_id, previous_hash, hash FROM audit_chain WHERE programme_id = ? AND position > ? AND position <= ? ORDER BY position LIMIT ?',
    );
    return (function* () {
      for (let after = 0; ; ) {
        const rows = page.all(programmeId, after, upTo, LINKS_PAGE);
        for (const row of rows) yield { position: row.position, eventId: row.event_id, previousHash: row.previous_hash, hash: row.hash };
        if (rows.length < LINKS_PAGE) return;
        after = rows[rows.length - 1].position;
      }
    })();
  }

  /**
   * Each programme's chain length at a head already counted. The recorded chain only grows (a
   * rebuild keeps it), so a later head's count is this plus the links since: counting a million
   * links afresh took 100 ms of the event loop for every board pack and digest.
   */
  private readonly counted = new Map<string, { readonly position: number; readonly count: number }>();

  /** The head of the chain over the programme's events at or before `position` (all of them when left out). */
  headAt(programmeId: string, position = Number.MAX_SAFE_INTEGER): { position: number; eventCount: number; headHash: string } {
    const head = prepared<[string, number], { position: number; hash: string }>(
      this.db,
      'SELECT position, hash FROM audit_chain WHERE programme_id = ? AND position <= ? ORDER BY position DESC LIMIT 1',
    ).get(programmeId, position);
    if (head === undefined) return { position: 0, eventCount: 0, headHash: GENESIS };
    const count = prepared<[string, number, number], { count: number }>(this.db, 'SELECT COUNT(*) AS count FROM audit_chain WHERE programme_id = ? AND position > ? AND position <= ?');
    const known = this.counted.get(programmeId);
    const eventCount = known !== undefined && known.position <= head.position ? known.count + count.get(programmeId, known.position, head.position)!.count : count.get(programmeId, 0, head.position)!.count;
    if (known === undefined || head.position > known.position) {
      this.counted.delete(programmeId);
      this.counted.set(programmeId, { position: head.position, count: eventCount });
      if (this.counted.size > COUNTS_KEPT) this.counted.delete(this.counted.keys().next().value!);
    }
    return { position: head.position, eventCount, headHash: head.hash };
  }

}
