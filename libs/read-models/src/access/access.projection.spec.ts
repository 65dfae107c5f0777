import Database from 'better-sqlite3';
import type { StoredEvent } from '@tracker/event-store';
import { AccessDirectory, accessProjection } from './access.projection';
import { ensureSessionsTable } from './sessions.schema';

let position = 0;
const stored = (type: string, data: object, recordedAt: string): StoredEvent =>
  ({ eventId: `e-${++position}`, type, data, schemaVersion: 1, streamId: 'user-u-1', streamRevision: position, position, metadata: { userId: 'admin', role: 'administrator', correlationId: 'c', causationId: 'c', recordedAt } }) as StoredEvent;
const session = (db: Database.Database, ref: string, startedAt: string) =>
  db.prepare("INSERT INTO sessions (id_hash, user_id, csrf_secret, expires_at, started_at, ref) VALUES (?, 'u-1', 's', '2026-11-23T00:00:00.000Z', ?, ?)").run(`hash-${ref}`, startedAt, ref);
const refs = (db: Database.Database) => (db.prepare('SELECT ref FROM sessions ORDER BY ref').all() as { ref: string }[]).map((r) => r.ref);

describe('sessions in the read store', () => {
  it('migrates a table made before started_at and ref: its sessions keep working, each with a reference and a start', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, csrf_secret TEXT NOT NULL, expires_at TEXT NOT NULL)');
    db.prepare("INSERT INTO sessions VALUES ('h1', 'u-1', 's', '2026-11-22T22:00:00.000Z'), ('h2', 'u-1', 's', '2026-11-22T23:00:00.000Z')").run();
    ensureSessionsTable(db);
    ensureSessionsTable(db); // twice is once
    const rows = db.prepare('SELECT id_hash, started_at, ref FROM sessions ORDER BY id_hash').all() as { id_hash: string; started_at: string; ref: string }[];
    expect(rows.map((r) => [r.id_hash, r.started_at])).toEqual([
      ['h1', '2026-11-22T10:00:00.000Z'],
      ['h2', '2026-11-22T11:00:00.000Z'],
    ]);
    expect(rows.every((r) => /^[0-9a-f]{12}$/.test(r.ref))).toBe(true);
    expect(rows[0].ref).not.toBe(rows[1].ref);
  });
});

describe('the access projection', () => {
  const setUp = () => {
    const db = new Database(':memory:');
    accessProjection.setUp(db);
    accessProjection.apply(stored('UserCreated', { userId: 'u-1', email: 'ann@x', name: 'Ann', administrator: false }, '2026-11-22T09:00:00.000Z'), db);
    return db;
  };

  it('ends the sessions started by the time of UserSessionsEnded, but the one excepted; replayed, it ends none started since', () => {
    const db = setUp();
    session(db, 'a-early', '2026-11-22T09:30:00.000Z');
    session(db, 'b-kept', '2026-11-22T09:40:00.000Z');
    session(db, 'c-later', '2026-11-22T10:30:00.000Z');
    const ended = stored('UserSessionsEnded', { userId: 'u-1', reason: 'password-changed', except: 'b-kept' }, '2026-11-22T10:00:00.000Z');
    accessProjection.apply(ended, db);
    expect(refs(db)).toEqual(['b-kept', 'c-later']);
    accessProjection.apply(ended, db);
    expect(refs(db)).toEqual(['b-kept', 'c-later']);
    accessProjection.apply(stored('UserSessionsEnded', { userId: 'u-1', reason: 'password-reset' }, '2026-11-22T11:00:00.000Z'), db);
    expect(refs(db)).toEqual([]);
  });

  it('keeps sessions through a rebuild of its tables', () => {
    const db = setUp();
    session(db, 'a', '2026-11-22T09:30:00.000Z');
    accessProjection.tearDown(db);
    accessProjection.setUp(db);
    expect(refs(db)).toEqual(['a']);
  });

  it('marks a user disabled and ends their sessions; enabled, marks them active; rights follow their events', () => {
    const db = setUp();
    const directory = new AccessDirectory(db);
    session(db, 'a', '2026-11-22T09:30:00.000Z');
    accessProjection.apply(stored('UserDisabled', { userId: 'u-1' }, '2026-11-22T10:00:00.000Z'), db);
    expect(directory.userById('u-1')).toMatchObject({ disabled: true });
    expect(refs(db)).toEqual([]);
    accessProjection.apply(stored('UserEnabled', { userId: 'u-1' }, '2026-11-22T10:10:00.000Z'), db);
    accessProjection.apply(stored('AdministratorRightsGranted', { userId: 'u-1' }, '2026-11-22T10:20:00.000Z'), db);
    expect(directory.userById('u-1')).toMatchObject({ disabled: false, administrator: true });
    expect(directory.otherActiveAdministrators('u-2')).toBe(1);
    expect(directory.otherActiveAdministrators('u-1')).toBe(0);
    accessProjection.apply(stored('AdministratorRightsRemoved', { userId: 'u-1' }, '2026-11-22T10:30:00.000Z'), db);
    expect(directory.otherActiveAdministrators('u-2')).toBe(0);
  });

  it('lists a user’s tokens with when they were issued and why they were revoked, never their hashes', () => {
    const db = setUp();
    const directory = new AccessDirectory(db);
    accessProjection.apply(stored('ApiTokenIssued', { userId: 'u-1', tokenId: 't-1', tokenHash: 'secret-hash', expiresAt: '2027-01-01T00:00:00.000Z' }, '2026-11-22T10:00:00.000Z'), db);
    accessProjection.apply(stored('ApiTokenRevoked', { userId: 'u-1', tokenId: 't-1', reason: 'password-reset' }, '2026-11-22T11:00:00.000Z'), db);
    expect(directory.tokensOf('u-1')).toEqual([{ id: 't-1', issuedAt: '2026-11-22T10:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z', revoked: true, revokedReason: 'password-reset' }]);
    expect(directory.liveToken('secret-hash', '2026-11-22T12:00:00.000Z')).toBeUndefined();
  });
});
