import type Database from 'better-sqlite3';
import { programmeStreamOf } from '@tracker/domain';
import type { StoredEvent } from '@tracker/event-store';
import type { MembershipEvent, ProgrammeRole, UserEvent } from '@tracker/domain';
import { Projection, prepared } from '../projection';
import { ensureSessionsTable } from './sessions.schema';

export { SESSION_HOURS, ensureSessionsTable } from './sessions.schema';

/** Who can sign in with what, and who holds which role where: read on every request, so kept as tables. */
export const accessProjection: Projection = {
  name: 'access',
  // 2: users.disabled, api_tokens.issued_at and revoked_reason. 3: calendar_feeds. 4: reminder_preferences. 5: portfolio_access.
  version: 5,

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS users (
        id            TEXT PRIMARY KEY,
        email         TEXT NOT NULL UNIQUE,
        name          TEXT NOT NULL,
        administrator INTEGER NOT NULL,
        password_hash TEXT,
        disabled      INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS api_tokens (
        token_hash TEXT PRIMARY KEY,
        token_id   TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked    INTEGER NOT NULL,
        issued_at  TEXT,
        revoked_reason TEXT
      );
      CREATE INDEX IF NOT EXISTS api_tokens_by_user ON api_tokens (user_id);
      CREATE TABLE IF NOT EXISTS memberships (
        programme_id TEXT NOT NULL,
        user_id      TEXT NOT NULL,
        role         TEXT NOT NULL,
        PRIMARY KEY (programme_id, user_id)
      );
      CREATE INDEX IF NOT EXISTS memberships_by_user ON memberships (user_id);
      -- A calendar feed answers its secret address while it is not revoked; only the address's hash is kept.
      CREATE TABLE IF NOT EXISTS calendar_feeds (
        token_hash TEXT PRIMARY KEY,
        feed_id    TEXT NOT NULL UNIQUE,
        user_id    TEXT NOT NULL,
        issued_at  TEXT NOT NULL,
        revoked    INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS portfolio_access (
        user_id TEXT PRIMARY KEY,
        scope   TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS reminder_preferences (
        user_id TEXT PRIMARY KEY,
        email   INTEGER NOT NULL,
        owns    TEXT NOT NULL
      );`);
    // Sessions are not dropped with the tables (a rebuild must not sign everyone out), only ended by events.
    ensureSessionsTable(db);
  },

  tearDown(db) {
    db.exec('DROP TABLE IF EXISTS users; DROP TABLE IF EXISTS api_tokens; DROP TABLE IF EXISTS memberships; DROP TABLE IF EXISTS calendar_feeds; DROP TABLE IF EXISTS reminder_preferences; DROP TABLE IF EXISTS portfolio_access;');
  },

  apply(stored: StoredEvent, db) {
    const isUser = stored.streamId.startsWith('user-');
    const isMembers = !isUser && programmeStreamOf(stored.streamId)?.kind === 'members';
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
        prepared(db, 'INSERT OR IGNORE INTO api_tokens (token_hash, token_id, user_id, expires_at, revoked, issued_at) VALUES (?, ?, ?, ?, 0, ?)').run(
          tokenHash,
          tokenId,
          userId,
          expiresAt,
          stored.metadata.recordedAt,
        );
        return;
      }
      case 'ApiTokenRevoked':
        prepared(db, 'UPDATE api_tokens SET revoked = 1, revoked_reason = ? WHERE token_id = ?').run(event.data.reason ?? null, event.data.tokenId);
        return;
      // Only sessions started by the time of the event end, so replaying it in a rebuild ends none begun since.
      case 'CalendarFeedIssued':
        prepared(db, 'INSERT OR IGNORE INTO calendar_feeds (token_hash, feed_id, user_id, issued_at) VALUES (?, ?, ?, ?)').run(
          event.data.tokenHash,
          event.data.feedId,
          event.data.userId,
          event.metadata.recordedAt,
        );
        break;
      case 'CalendarFeedRevoked':
        prepared(db, 'UPDATE calendar_feeds SET revoked = 1 WHERE feed_id = ?').run(event.data.feedId);
        break;
      case 'PortfolioAccessSet':
        if (event.data.scope === null) prepared(db, 'DELETE FROM portfolio_access WHERE user_id = ?').run(event.data.userId);
        else prepared(db, 'INSERT OR REPLACE INTO portfolio_access (user_id, scope) VALUES (?, ?)').run(event.data.userId, JSON.stringify(event.data.scope));
        break;
      case 'RemindersSet':
        prepared(db, 'INSERT INTO reminder_preferences (user_id, email, owns) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, owns = excluded.owns').run(
          event.data.userId,
          event.data.email ? 1 : 0,
          JSON.stringify(event.data.owns),
        );
        break;
      case 'UserSessionsEnded':
        prepared(db, 'DELETE FROM sessions WHERE user_id = ? AND started_at <= ? AND ref IS NOT ?').run(event.data.userId, stored.metadata.recordedAt, event.data.except ?? null);
        return;
      case 'UserSessionEnded':
        prepared(db, 'DELETE FROM sessions WHERE user_id = ? AND ref = ?').run(event.data.userId, event.data.sessionRef);
        return;
      case 'UserDisabled':
        prepared(db, 'UPDATE users SET disabled = 1 WHERE id = ?').run(event.data.userId);
        prepared(db, 'DELETE FROM sessions WHERE user_id = ? AND started_at <= ?').run(event.data.userId, stored.metadata.recordedAt);
        return;
      case 'UserEnabled':
        prepared(db, 'UPDATE users SET disabled = 0 WHERE id = ?').run(event.data.userId);
        return;
      case 'AdministratorRightsGranted':
        prepared(db, 'UPDATE users SET administrator = 1 WHERE id = ?').run(event.data.userId);
        return;
      case 'AdministratorRightsRemoved':
        prepared(db, 'UPDATE users SET administrator = 0 WHERE id = ?').run(event.data.userId);
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
  /** A disabled user's tokens and sessions do not work and they cannot sign in. */
  readonly disabled: boolean;
  readonly passwordHash?: string;
}

/** A token as an administrator or its owner sees it: never its hash. */
export interface TokenRow {
  readonly id: string;
  readonly issuedAt?: string;
  readonly expiresAt: string;
  readonly revoked: boolean;
  readonly revokedReason?: string;
}

interface RawUser {
  id: string;
  email: string;
  name: string;
  administrator: number;
  password_hash: string | null;
  disabled: number;
}

const toUser = (row: RawUser): UserRow => ({
  id: row.id,
  email: row.email,
  name: row.name,
  administrator: row.administrator === 1,
  disabled: row.disabled === 1,
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
      tokensOf: prepared<[string], { token_id: string; issued_at: string | null; expires_at: string; revoked: number; revoked_reason: string | null }>(
        db,
        'SELECT token_id, issued_at, expires_at, revoked, revoked_reason FROM api_tokens WHERE user_id = ? ORDER BY issued_at DESC, token_id',
      ),
      otherActiveAdministrators: prepared<[string], { n: number }>(db, 'SELECT count(*) AS n FROM users WHERE administrator = 1 AND disabled = 0 AND id <> ?'),
      role: prepared<[string, string], { role: ProgrammeRole }>(db, 'SELECT role FROM memberships WHERE programme_id = ? AND user_id = ?'),
      programmesOf: prepared<[string], { programme_id: string }>(db, 'SELECT programme_id FROM memberships WHERE user_id = ?'),
      membershipsOf: prepared<[string], { programme_id: string; role: ProgrammeRole }>(db, 'SELECT programme_id, role FROM memberships WHERE user_id = ? ORDER BY programme_id'),
      members: prepared<[string], { user_id: string; role: ProgrammeRole }>(db, 'SELECT user_id, role FROM memberships WHERE programme_id = ? ORDER BY user_id'),
      feed: prepared<[string], { user_id: string; feed_id: string }>(db, 'SELECT user_id, feed_id FROM calendar_feeds WHERE token_hash = ? AND revoked = 0'),
      feedOf: prepared<[string], { feed_id: string; issued_at: string }>(db, 'SELECT feed_id, issued_at FROM calendar_feeds WHERE user_id = ? AND revoked = 0'),
      portfolioScopeOf: prepared<[string], { scope: string }>(db, 'SELECT scope FROM portfolio_access WHERE user_id = ?'),
      remindersOf: prepared<[string], { email: number; owns: string }>(db, 'SELECT email, owns FROM reminder_preferences WHERE user_id = ?'),
      remindedUsers: prepared<[], { user_id: string; owns: string }>(db, 'SELECT user_id, owns FROM reminder_preferences WHERE email = 1 ORDER BY user_id'),
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
    return this.liveToken(tokenHash, now)?.userId;
  }

  liveToken(tokenHash: string, now: string): { userId: string; tokenId: string } | undefined {
    const token = this.statements.token.get(tokenHash);
    return token && token.revoked === 0 && token.expires_at > now ? { userId: token.user_id, tokenId: token.token_id } : undefined;
  }

  /** Whose calendar feed answers at the address with this hash, while it is not revoked. */
  calendarFeed(tokenHash: string): { userId: string; feedId: string } | undefined {
    const row = this.statements.feed.get(tokenHash);
    return row && { userId: row.user_id, feedId: row.feed_id };
  }

  /** The user's calendar feed, if one answers now. */
  calendarFeedOf(userId: string): { feedId: string; issuedAt: string } | undefined {
    const row = this.statements.feedOf.get(userId);
    return row && { feedId: row.feed_id, issuedAt: row.issued_at };
  }

  /** Whether the user is sent email reminders, and for which owners; off, for none, when never set. */
  remindersOf(userId: string): { email: boolean; owns: string[] } {
    const row = this.statements.remindersOf.get(userId);
    return row ? { email: row.email === 1, owns: JSON.parse(row.owns) as string[] } : { email: false, owns: [] };
  }

  /** Everyone who has asked for email reminders, with the owners they answer for. */
  /** What the person may read across programmes (read-only), if anything. */
  portfolioScopeOf(userId: string): ({ all?: true; region?: string; deliveryModel?: string }) | undefined {
    const row = this.statements.portfolioScopeOf.get(userId);
    return row ? JSON.parse(row.scope) : undefined;
  }

  remindedUsers(): { userId: string; owns: string[] }[] {
    return this.statements.remindedUsers.all().map((row) => ({ userId: row.user_id, owns: JSON.parse(row.owns) as string[] }));
  }

  /** A user's tokens, newest first. */
  tokensOf(userId: string): TokenRow[] {
    return this.statements.tokensOf.all(userId).map((row) => ({
      id: row.token_id,
      ...(row.issued_at === null ? {} : { issuedAt: row.issued_at }),
      expiresAt: row.expires_at,
      revoked: row.revoked === 1,
      ...(row.revoked_reason === null ? {} : { revokedReason: row.revoked_reason }),
    }));
  }

  /** Administrators besides this user who can sign in: the last of them may not be disabled or lose their rights. */
  otherActiveAdministrators(userId: string): number {
    return this.statements.otherActiveAdministrators.get(userId)?.n ?? 0;
  }

  roleIn(programmeId: string, userId: string): ProgrammeRole | undefined {
    return this.statements.role.get(programmeId, userId)?.role;
  }

  programmesOf(userId: string): Set<string> {
    return new Set(this.statements.programmesOf.all(userId).map((row) => row.programme_id));
  }

  membershipsOf(userId: string): { programmeId: string; role: ProgrammeRole }[] {
    return this.statements.membershipsOf.all(userId).map((row) => ({ programmeId: row.programme_id, role: row.role }));
  }

  members(programmeId: string): { userId: string; role: ProgrammeRole }[] {
    return this.statements.members.all(programmeId).map((row) => ({ userId: row.user_id, role: row.role }));
  }
}
