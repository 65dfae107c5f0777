import type Database from 'better-sqlite3';
import type { StoredEvent } from '@tracker/event-store';
import type { MembershipEvent, ProgrammeRole, UserEvent } from '@tracker/domain';
import { Projection, prepared } from '../projection';

/** Who can sign in with what, and who holds which role where: read on every request, so kept as tables. */
export const accessProjection: Projection = {
  name: 'access',
  version: 1,

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS users (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        name          TEXT NOT NULL,
        administrator INTEGER NOT NULL,
        password_hash TEXT
      );
      CREATE TABLE IF NOT EXISTS api_tokens (
        token_hash TEXT PRIMARY KEY,
        token_id   TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked    INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS memberships (
        programme_id TEXT NOT NULL,
        user_id      TEXT NOT NULL,
        role         TEXT NOT NULL,
        PRIMARY KEY (programme_id, user_id)
      );
      CREATE INDEX IF NOT EXISTS memberships_by_user ON memberships (user_id);`);
  },

  tearDown(db) {
    db.exec('DROP TABLE IF EXISTS users; DROP TABLE IF EXISTS api_tokens; DROP TABLE IF EXISTS memberships;');
  },

  apply(stored: StoredEvent, db) {
    const isUser = stored.streamId.startsWith('user-');
    const isMembers = stored.streamId.endsWith('-members') && stored.streamId.startsWith('programme-');
    if (!isUser && !isMembers) return;
    const event = stored as StoredEvent & (UserEvent | MembershipEvent);
    // Every statement is an upsert or a plain update: applying an event twice changes nothing.
    switch (event.type) {
      case 'UserCreated': {
        const { userId, email, name, administrator } = event.data;
        prepared(db, 'INSERT OR IGNORE INTO users (id, email, name, administrator) VALUES (?, ?, ?, ?)').run(userId, email, name, administrator ? 1 : 0);
        return;
      }
      case 'UserPasswordSet':
        prepared(db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(event.data.passwordHash, event.data.userId);
        return;
      case 'ApiTokenIssued': {
        const { tokenHash, tokenId, userId, expiresAt } = event.data;
        prepared(db, 'INSERT OR IGNORE INTO api_tokens (token_hash, token_id, user_id, expires_at, revoked) VALUES (?, ?, ?, ?, 0)').run(tokenHash, tokenId, userId, expiresAt);
        return;
      }
      case 'ApiTokenRevoked':
        prepared(db, 'UPDATE api_tokens SET revoked = 1 WHERE token_id = ?').run(event.data.tokenId);
        return;
      case 'MemberAdded':
        prepared(db, 'INSERT OR REPLACE INTO memberships (programme_id, user_id, role) VALUES (?, ?, ?)').run(event.data.programmeId, event.data.userId, event.data.role);
        return;
      case 'MemberRoleChanged':
        prepared(db, 'UPDATE memberships SET role = ? WHERE programme_id = ? AND user_id = ?').run(event.data.to, event.data.programmeId, event.data.userId);
        return;
      case 'MemberRemoved':
        prepared(db, 'DELETE FROM memberships WHERE programme_id = ? AND user_id = ?').run(event.data.programmeId, event.data.userId);
        return;
      default:
        return ignore(event);
    }
  },
};

function ignore(event: never): void {
  void event;
}

export interface UserRow {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly administrator: boolean;
  readonly passwordHash?: string;
}

interface RawUser {
  id: string;
  email: string;
  name: string;
  administrator: number;
  password_hash: string | null;
}

const toUser = (row: RawUser): UserRow => ({
  id: row.id,
  email: row.email,
  name: row.name,
  administrator: row.administrator === 1,
  ...(row.password_hash === null ? {} : { passwordHash: row.password_hash }),
});

/** Look-ups the sign-in and the permission checks make. */
export class AccessDirectory {
  private prepared?: ReturnType<AccessDirectory['prepare']>;

  constructor(private readonly db: Database.Database) {}

  /** Prepared on first use: the tables exist only once the projection runner has set them up. */
  private get statements() {
    return (this.prepared ??= this.prepare());
  }

  private prepare() {
    const db = this.db;
    return {
      userById: prepared<[string], RawUser>(db, 'SELECT * FROM users WHERE id = ?'),
      userByEmail: prepared<[string], RawUser>(db, 'SELECT * FROM users WHERE email = ?'),
      users: prepared<[], RawUser>(db, 'SELECT * FROM users ORDER BY email'),
      token: prepared<[string], { user_id: string; token_id: string; expires_at: string; revoked: number }>(db, 
        'SELECT user_id, token_id, expires_at, revoked FROM api_tokens WHERE token_hash = ?',
      ),
      role: prepared<[string, string], { role: ProgrammeRole }>(db, 'SELECT role FROM memberships WHERE programme_id = ? AND user_id = ?'),
      programmesOf: prepared<[string], { programme_id: string }>(db, 'SELECT programme_id FROM memberships WHERE user_id = ?'),
      members: prepared<[string], { user_id: string; role: ProgrammeRole }>(db, 'SELECT user_id, role FROM memberships WHERE programme_id = ? ORDER BY user_id'),
    };
  }

  userById(id: string): UserRow | undefined {
    const row = this.statements.userById.get(id);
    return row && toUser(row);
  }

  userByEmail(email: string): UserRow | undefined {
    const row = this.statements.userByEmail.get(email);
    return row && toUser(row);
  }

  users(): UserRow[] {
    return this.statements.users.all().map(toUser);
  }

  /** The live token with this hash: not revoked, not expired at `now`. */
  tokenOwner(tokenHash: string, now: string): string | undefined {
    const token = this.statements.token.get(tokenHash);
    return token && token.revoked === 0 && token.expires_at > now ? token.user_id : undefined;
  }

  roleIn(programmeId: string, userId: string): ProgrammeRole | undefined {
    return this.statements.role.get(programmeId, userId)?.role;
  }

  programmesOf(userId: string): Set<string> {
    return new Set(this.statements.programmesOf.all(userId).map((row) => row.programme_id));
  }

  members(programmeId: string): { userId: string; role: ProgrammeRole }[] {
    return this.statements.members.all(programmeId).map((row) => ({ userId: row.user_id, role: row.role }));
  }
}
