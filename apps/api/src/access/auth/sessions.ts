import type Database from 'better-sqlite3';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SESSION_HOURS, ensureSessionsTable } from '@tracker/read-models';

export { SESSION_HOURS };

export interface Session {
  readonly userId: string;
  readonly csrfToken: string;
  /** The session's short reference: not secret, it is how the session is listed and ended. */
  readonly ref: string;
}

/** A session as its owner or an administrator sees it. */
export interface SessionListing {
  readonly ref: string;
  readonly startedAt: string;
  readonly expiresAt: string;
}

/**
 * Browser sessions. They are not facts about the transition, so they live in a table of the read
 * store rather than in events; only a hash of the session id is kept, as for API tokens. Events
 * end them (UserSessionsEnded, UserSessionEnded, UserDisabled): the access projection deletes them.
 */
export class SessionStore {
  private readonly statements;

  constructor(db: Database.Database) {
    ensureSessionsTable(db);
    this.statements = {
      insert: db.prepare('INSERT INTO sessions (id_hash, user_id, csrf_secret, expires_at, started_at, ref) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare<[string], { user_id: string; csrf_secret: string; expires_at: string; ref: string }>('SELECT * FROM sessions WHERE id_hash = ?'),
      listOf: db.prepare<[string, string], { ref: string; started_at: string; expires_at: string }>(
        'SELECT ref, started_at, expires_at FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY started_at DESC, ref',
      ),
      has: db.prepare<[string, string, string], { ref: string }>('SELECT ref FROM sessions WHERE user_id = ? AND ref = ? AND expires_at > ?'),
      remove: db.prepare('DELETE FROM sessions WHERE id_hash = ?'),
      expire: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    };
  }

  /** Starts a session and answers the id to put in the cookie. */
  start(userId: string, now: string): string {
    this.statements.expire.run(now);
    const id = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.parse(now) + SESSION_HOURS * 3600_000).toISOString();
    this.statements.insert.run(hash(id), userId, randomBytes(32).toString('base64url'), expiresAt, now, randomBytes(6).toString('hex'));
    return id;
  }

  find(id: string, now: string): Session | undefined {
    const row = this.statements.get.get(hash(id));
    if (!row || row.expires_at <= now) return undefined;
    return { userId: row.user_id, csrfToken: csrfToken(row.csrf_secret), ref: row.ref };
  }

  /** The user's sessions still running at `now`, newest first. */
  listOf(userId: string, now: string): SessionListing[] {
    return this.statements.listOf.all(userId, now).map((row) => ({ ref: row.ref, startedAt: row.started_at, expiresAt: row.expires_at }));
  }

  has(userId: string, ref: string, now: string): boolean {
    return this.statements.has.get(userId, ref, now) !== undefined;
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
