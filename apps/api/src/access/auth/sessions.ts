import type Database from 'better-sqlite3';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SESSION_HOURS = 12;

export interface Session {
  readonly userId: string;
  readonly csrfToken: string;
}

/**
 * Browser sessions. They are not facts about the transition, so they live in a table of the read
 * store rather than in events; only a hash of the session id is kept, as for API tokens.
 */
export class SessionStore {
  private readonly statements;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS sessions (
      id_hash     TEXT PRIMARY KEY,
      user_id     TEXT NOT NULL,
      csrf_secret TEXT NOT NULL,
      expires_at  TEXT NOT NULL
    )`);
    this.statements = {
      insert: db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_secret, expires_at) VALUES (?, ?, ?, ?)'),
      get: db.prepare<[string], { user_id: string; csrf_secret: string; expires_at: string }>('SELECT * FROM sessions WHERE id_hash = ?'),
      remove: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
      expire: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    };
  }

  /** Starts a session and answers the id to put in the cookie. */
  start(userId: string, now: string): string {
    this.statements.expire.run(now);
    const id = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.parse(now) + SESSION_HOURS * 3600_000).toISOString();
    this.statements.insert.run(hash(id), userId, randomBytes(32).toString('base64url'), expiresAt);
    return id;
  }

  find(id: string, now: string): Session | undefined {
    const row = this.statements.get.get(hash(id));
    if (!row || row.expires_at <= now) return undefined;
    return { userId: row.user_id, csrfToken: csrfToken(row.csrf_secret) };
  }

  end(id: string): void {
    this.statements.remove.run(hash(id));
  }
}

const hash = (id: string) => createHash('sha256').update(id).digest('hex');
const csrfToken = (secret: string) => createHmac('sha256', secret).update('csrf').digest('base64url');

export function sameToken(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
