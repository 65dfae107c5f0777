import type Database from 'better-sqlite3';

/** How long a browser session lasts; the sign-in cookie's max-age is the same. */
export const SESSION_HOURS = 12;

/**
 * Browser sessions live in the read store's `sessions` table: they are not facts about the
 * transition, so not events. Made here so that both the session store and the access projection
 * (which ends sessions when a UserSessionsEnded or UserDisabled event says so) can rely on it.
 *
 * `ref` is a short random reference, not secret, by which a session is listed and ended; the
 * session's id itself is kept only as a hash. Tables made before `started_at` and `ref` existed are
 * migrated in place and their sessions keep working: each gets a random reference and a start
 * worked back from its expiry.
 */
export function ensureSessionsTable(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS sessions (
    id_hash     TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    csrf_secret TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    started_at  TEXT,
    ref         TEXT
  )`);
  const columns = new Set((db.prepare('PRAGMA table_info(sessions)').all() as { name: string }[]).map((c) => c.name));
  db.transaction(() => {
    if (!columns.has('started_at')) db.exec('ALTER TABLE sessions ADD COLUMN started_at TEXT');
    if (!columns.has('ref')) db.exec('ALTER TABLE sessions ADD COLUMN ref TEXT');
    db.exec(`UPDATE sessions SET started_at = strftime('%Y-%m-%dT%H:%M:%fZ', expires_at, '-${SESSION_HOURS} hours') WHERE started_at IS NULL`);
    db.exec('UPDATE sessions SET ref = lower(hex(randomblob(6))) WHERE ref IS NULL');
  })();
  db.exec('CREATE UNIQUE INDEX IF NOT EXISTS sessions_by_ref ON sessions (ref); CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_id)');
}
