import Database from 'better-sqlite3';
import type { SignedDigest } from '@tracker/audit';
import { preparePrivateFile } from '@tracker/event-store';

/** The witnesses a digest can be sent to. */
export const WITNESS_KINDS = ['email', 'webhook'] as const;
export type WitnessKind = (typeof WITNESS_KINDS)[number];

/** One digest on its way to one witness. */
export interface Delivery {
  readonly id: number;
  readonly witness: WitnessKind;
  readonly programmeId: string;
  readonly programmeName: string;
  readonly digest: SignedDigest;
  readonly keyFingerprint: string;
  readonly publicKeyPem: string;
  readonly createdAt: string;
  readonly attempts: number;
  /** When it is next tried; absent once delivered. */
  readonly nextAttemptAt?: string;
  readonly lastAttemptAt?: string;
  readonly lastError?: string;
  readonly deliveredAt?: string;
}

export type DeliveryState = 'delivered' | 'pending' | 'failing';

export const stateOf = (delivery: Delivery): DeliveryState =>
  delivery.deliveredAt !== undefined ? 'delivered' : delivery.lastError !== undefined ? 'failing' : 'pending';

interface Row {
  id: number;
  witness: WitnessKind;
  programme_id: string;
  programme_name: string;
  digest: string;
  key_fingerprint: string;
  public_key_pem: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
}

/**
 * Deliveries to witnesses, kept in a SQLite file of their own rather than in the read store: the
 * read store holds only what can be rebuilt from events and may be deleted at any time (the README
 * says so, and `npm run rebuild` drops its tables), while a delivery not yet made exists nowhere
 * else. Full sync, like the event store: a digest acknowledged as taken must not lose its witness
 * to a crash.
 */
export class WitnessOutbox {
  private readonly db: Database.Database;

  constructor(filename: string) {
    preparePrivateFile(filename);
    this.db = new Database(filename);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS witness_deliveries (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        witness         TEXT NOT NULL,
        programme_id    TEXT NOT NULL,
        programme_name  TEXT NOT NULL,
        digest          TEXT NOT NULL,
        key_fingerprint TEXT NOT NULL,
        public_key_pem  TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_attempt_at TEXT,
        last_error      TEXT,
        delivered_at    TEXT,
        UNIQUE (witness, digest)
      );
      CREATE INDEX IF NOT EXISTS witness_deliveries_due ON witness_deliveries (next_attempt_at) WHERE delivered_at IS NULL;
      CREATE INDEX IF NOT EXISTS witness_deliveries_signature ON witness_deliveries (witness, programme_id, json_extract(digest, '$.signature'));
      CREATE TABLE IF NOT EXISTS witness_reconciled (witness TEXT PRIMARY KEY, position INTEGER NOT NULL);`);
  }

  /**
   * One delivery per witness, due at once; the same digest twice to one witness is one delivery,
   * however its fields are ordered (a signature names one digest). Answers how many were added.
   */
  enqueue(entry: { witnesses: readonly WitnessKind[]; programmeId: string; programmeName: string; digest: SignedDigest; keyFingerprint: string; publicKeyPem: string; at: string }): number {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO witness_deliveries (witness, programme_id, programme_name, digest, key_fingerprint, public_key_pem, created_at, next_attempt_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?
       WHERE NOT EXISTS (SELECT 1 FROM witness_deliveries WHERE witness = ? AND programme_id = ? AND json_extract(digest, '$.signature') = ?)`,
    );
    return this.db.transaction(() => {
      let added = 0;
      for (const witness of entry.witnesses) {
        added += insert.run(
          witness, entry.programmeId, entry.programmeName, JSON.stringify(entry.digest), entry.keyFingerprint, entry.publicKeyPem, entry.at, entry.at,
          witness, entry.programmeId, entry.digest.signature,
        ).changes;
      }
      return added;
    })();
  }

  /** True when this digest (named by its signature) was ever queued for this witness. */
  queued(witness: WitnessKind, programmeId: string, signature: string): boolean {
    return this.db.prepare(`SELECT 1 FROM witness_deliveries WHERE witness = ? AND programme_id = ? AND json_extract(digest, '$.signature') = ?`).get(witness, programmeId, signature) !== undefined;
  }

  /** The store position up to which every recorded digest was looked for in the outbox for this witness; undefined before the first look. */
  reconciledUpTo(witness: WitnessKind): number | undefined {
    return this.db.prepare<[string], { position: number }>('SELECT position FROM witness_reconciled WHERE witness = ?').get(witness)?.position;
  }

  reconciled(witness: WitnessKind, position: number): void {
    this.db.prepare('INSERT INTO witness_reconciled (witness, position) VALUES (?, ?) ON CONFLICT (witness) DO UPDATE SET position = excluded.position').run(witness, position);
  }

  /** The undelivered deliveries whose next attempt is due at `now`, oldest first. */
  due(now: string, limit = 50): Delivery[] {
    return this.db
      .prepare<[string, number], Row>('SELECT * FROM witness_deliveries WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?')
      .all(now, limit)
      .map(toDelivery);
  }

  delivered(id: number, at: string): void {
    this.db
      .prepare('UPDATE witness_deliveries SET delivered_at = ?, last_attempt_at = ?, attempts = attempts + 1, next_attempt_at = NULL, last_error = NULL WHERE id = ?')
      .run(at, at, id);
  }

  failed(id: number, at: string, error: string, nextAttemptAt: string): void {
    this.db
      .prepare('UPDATE witness_deliveries SET last_attempt_at = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?')
      .run(at, error, nextAttemptAt, id);
  }

  /** Makes every undelivered delivery due at `now`; answers how many there are. */
  allDue(now: string): number {
    return this.db.prepare('UPDATE witness_deliveries SET next_attempt_at = ? WHERE delivered_at IS NULL').run(now).changes;
  }

  /** Every undelivered delivery, oldest first. */
  undelivered(): Delivery[] {
    return this.db.prepare<[], Row>('SELECT * FROM witness_deliveries WHERE delivered_at IS NULL ORDER BY id').all().map(toDelivery);
  }

  /** The newest deliveries, newest first, undelivered ones always included. */
  recent(limit = 50): Delivery[] {
    return this.db
      .prepare<[number], Row>('SELECT * FROM witness_deliveries WHERE delivered_at IS NULL OR id IN (SELECT id FROM witness_deliveries ORDER BY id DESC LIMIT ?) ORDER BY id DESC')
      .all(limit)
      .map(toDelivery);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toDelivery(row: Row): Delivery {
  return {
    id: row.id,
    witness: row.witness,
    programmeId: row.programme_id,
    programmeName: row.programme_name,
    digest: JSON.parse(row.digest) as SignedDigest,
    keyFingerprint: row.key_fingerprint,
    publicKeyPem: row.public_key_pem,
    createdAt: row.created_at,
    attempts: row.attempts,
    ...(row.next_attempt_at === null ? {} : { nextAttemptAt: row.next_attempt_at }),
    ...(row.last_attempt_at === null ? {} : { lastAttemptAt: row.last_attempt_at }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at }),
  };
}
