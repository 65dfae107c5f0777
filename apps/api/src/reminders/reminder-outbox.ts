import Database from 'better-sqlite3';
import { DURABLE_PRAGMAS, preparePrivateFile } from '@tracker/event-store';

/** One email on its way to one person. */
export interface Reminder {
  readonly id: number;
  readonly userId: string;
  readonly to: string;
  readonly kind: 'weekly' | 'notice';
  readonly subject: string;
  readonly text: string;
  readonly createdAt: string;
  readonly attempts: number;
  readonly nextAttemptAt?: string;
  readonly lastError?: string;
  readonly deliveredAt?: string;
}

export type ReminderState = 'sent' | 'queued' | 'failing';
export const reminderStateOf = (r: Reminder): ReminderState => (r.deliveredAt !== undefined ? 'sent' : r.lastError !== undefined ? 'failing' : 'queued');

interface Row {
  id: number;
  user_id: string;
  to_address: string;
  kind: 'weekly' | 'overdue' | 'notice';
  subject: string;
  text: string;
  created_at: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
}

const toReminder = (row: Row): Reminder => ({
  id: row.id,
  userId: row.user_id,
  to: row.to_address,
  // Notices were called "overdue" before they also told what starts to hold up go-live.
  kind: row.kind === 'weekly' ? 'weekly' : 'notice',
  subject: row.subject,
  text: row.text,
  createdAt: row.created_at,
  attempts: row.attempts,
  ...(row.next_attempt_at === null ? {} : { nextAttemptAt: row.next_attempt_at }),
  ...(row.last_error === null ? {} : { lastError: row.last_error }),
  ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at }),
});

/**
 * Reminders queued and sent, and what each person has been told, in a SQLite file of its own with
 * a full sync (not the read store, which may be rebuilt or deleted): the weekly digest is queued
 * once per person per week, a notice once per thing that became overdue, whatever restarts come
 * between, because the key is written in the same transaction as the reminder.
 */
export class ReminderOutbox {
  private readonly db: Database.Database;

  constructor(filename: string) {
    preparePrivateFile(filename);
    this.db = new Database(filename);
    for (const pragma of DURABLE_PRAGMAS) this.db.pragma(pragma);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS reminders (
        id              INTEGER PRIMARY KEY,
        user_id         TEXT NOT NULL,
        to_address      TEXT NOT NULL,
        kind            TEXT NOT NULL,
        subject         TEXT NOT NULL,
        text            TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error      TEXT,
        delivered_at    TEXT
      );
      CREATE INDEX IF NOT EXISTS reminders_due ON reminders (next_attempt_at) WHERE delivered_at IS NULL;
      -- What each person has been told already: a week's digest, a thing's going overdue.
      CREATE TABLE IF NOT EXISTS reminded (
        user_id TEXT NOT NULL,
        key     TEXT NOT NULL,
        PRIMARY KEY (user_id, key)
      );`);
  }

  /** The keys not told to this person yet, of those given. */
  untold(userId: string, keys: readonly string[]): string[] {
    const told = this.db.prepare<[string, string], { key: string }>('SELECT key FROM reminded WHERE user_id = ? AND key = ?');
    return keys.filter((key) => told.get(userId, key) === undefined);
  }

  /** Queues the email and records its keys as told, in one transaction: both or neither. */
  enqueue(reminder: { userId: string; to: string; kind: Reminder['kind']; subject: string; text: string }, keys: readonly string[], now: string): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO reminders (user_id, to_address, kind, subject, text, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(reminder.userId, reminder.to, reminder.kind, reminder.subject, reminder.text, now, now);
      const told = this.db.prepare('INSERT OR IGNORE INTO reminded (user_id, key) VALUES (?, ?)');
      for (const key of keys) told.run(reminder.userId, key);
    })();
  }

  due(now: string): Reminder[] {
    return this.db.prepare<[string], Row>('SELECT * FROM reminders WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id').all(now).map(toReminder);
  }

  delivered(id: number, now: string): void {
    this.db.prepare('UPDATE reminders SET delivered_at = ?, attempts = attempts + 1, last_error = NULL, next_attempt_at = NULL WHERE id = ?').run(now, id);
  }

  failed(id: number, problem: string, next: string): void {
    this.db.prepare('UPDATE reminders SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?').run(problem, next, id);
  }

  recent(limit: number): Reminder[] {
    return this.db.prepare<[number], Row>('SELECT * FROM reminders ORDER BY id DESC LIMIT ?').all(limit).map(toReminder);
  }

  counts(): { queued: number; failing: number; sent: number } {
    const row = this.db
      .prepare<[], { queued: number; failing: number; sent: number }>(
        `SELECT COALESCE(SUM(delivered_at IS NULL AND last_error IS NULL), 0) AS queued, COALESCE(SUM(delivered_at IS NULL AND last_error IS NOT NULL), 0) AS failing, COALESCE(SUM(delivered_at IS NOT NULL), 0) AS sent FROM reminders`,
      )
      .get()!;
    return row;
  }

  close(): void {
    this.db.close();
  }
}
