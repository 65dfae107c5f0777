import { fold } from '../decider';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { Actor, CurrentPassword, UserCommand, UserEvent, needsCurrentPassword, userDecider } from './user';

const metadata = { now: '2026-11-22T10:00:00.000Z' };
const created: UserEvent = { type: 'UserCreated', data: { userId: 'u-1', email: 'ann@dfe.example', name: 'Ann', administrator: false } };
const createdAdmin: UserEvent = { type: 'UserCreated', data: { userId: 'u-1', email: 'ann@dfe.example', name: 'Ann', administrator: true } };
const passwordSet: UserEvent = { type: 'UserPasswordSet', data: { userId: 'u-1', passwordHash: 'old' } };
const token = (tokenId: string, expiresAt = '2027-01-01T00:00:00.000Z'): UserEvent => ({ type: 'ApiTokenIssued', data: { userId: 'u-1', tokenId, tokenHash: `h-${tokenId}`, expiresAt } });
const decide = (events: UserEvent[], command: UserCommand) => userDecider.decide(command, fold(userDecider, events));

const ownSession: Actor = { userId: 'u-1', administrator: false, via: 'session', sessionRef: 'ref-mine' };
const ownToken: Actor = { userId: 'u-1', administrator: false, via: 'token' };
const adminSession: Actor = { userId: 'u-admin', administrator: true, via: 'session', sessionRef: 'ref-admin' };

const setPassword = (by: Actor, currentPassword?: CurrentPassword): UserCommand => ({ type: 'SetPassword', data: { userId: 'u-1', passwordHash: 'new' }, by, currentPassword, metadata });
const issue = (by: Actor, expiresAt: string, currentPassword?: CurrentPassword, maxLifetimeDays = 366): UserCommand => ({
  type: 'IssueApiToken',
  data: { userId: 'u-1', tokenId: 't-9', tokenHash: 'h', expiresAt },
  by,
  currentPassword,
  maxLifetimeDays,
  metadata,
});

describe('the current password, asked again from a browser session', () => {
  it('is needed only by the account’s owner from a session', () => {
    expect(needsCurrentPassword(ownSession, 'u-1')).toBe(true);
    expect(needsCurrentPassword(ownToken, 'u-1')).toBe(false);
    expect(needsCurrentPassword(adminSession, 'u-1')).toBe(false);
    expect(needsCurrentPassword({ ...adminSession, userId: 'u-1' }, 'u-1')).toBe(true);
  });

  it('refuses a password change from your own session without it, or with a wrong one, naming the field', () => {
    expect(() => decide([created, passwordSet], setPassword(ownSession))).toThrow(
      new InvalidCommandError([{ field: 'currentPassword', problem: 'is required when signed in with a browser session: enter your current password' }]),
    );
    expect(() => decide([created, passwordSet], setPassword(ownSession, 'not given'))).toThrow(InvalidCommandError);
    expect(() => decide([created, passwordSet], setPassword(ownSession, 'wrong'))).toThrow(new InvalidCommandError([{ field: 'currentPassword', problem: 'is not your current password' }]));
    expect(decide([created, passwordSet], setPassword(ownSession, 'right'))[0]).toEqual({ type: 'UserPasswordSet', data: { userId: 'u-1', passwordHash: 'new' } });
  });

  it('is not asked of a token, nor of an administrator resetting someone else’s password', () => {
    expect(decide([created, passwordSet], setPassword(ownToken))[0].type).toBe('UserPasswordSet');
    expect(decide([created, passwordSet], setPassword(adminSession))[0].type).toBe('UserPasswordSet');
  });

  it('refuses to mint a token from your own session without it, and mints one with it or from a token', () => {
    expect(() => decide([created], issue(ownSession, '2027-01-01T00:00:00.000Z'))).toThrow(InvalidCommandError);
    expect(() => decide([created], issue(ownSession, '2027-01-01T00:00:00.000Z', 'wrong'))).toThrow(InvalidCommandError);
    expect(decide([created], issue(ownSession, '2027-01-01T00:00:00.000Z', 'right'))).toEqual([
      { type: 'ApiTokenIssued', data: { userId: 'u-1', tokenId: 't-9', tokenHash: 'h', expiresAt: '2027-01-01T00:00:00.000Z' } },
    ]);
    expect(decide([created], issue(ownToken, '2027-01-01T00:00:00.000Z'))).toHaveLength(1);
  });
});

describe('a token’s lifetime', () => {
  it('may reach the cap and not go past it', () => {
    const latest = '2027-11-23T10:00:00.000Z'; // 366 days after 2026-11-22T10:00Z
    expect(decide([created], issue(ownToken, latest))).toHaveLength(1);
    expect(() => decide([created], issue(ownToken, '2027-11-23T10:00:00.001Z'))).toThrow(
      new InvalidCommandError([{ field: 'expiresAt', problem: `must be at most 366 days from now (${latest} at the latest)` }]),
    );
    expect(() => decide([created], issue(ownToken, '9999-12-31T00:00:00.000Z'))).toThrow(InvalidCommandError);
    expect(() => decide([created], issue(ownToken, '2026-12-01T00:00:00.000Z', undefined, 7))).toThrow(InvalidCommandError);
    expect(decide([created], issue(ownToken, '2026-11-29T00:00:00.000Z', undefined, 7))).toHaveLength(1);
  });
});

describe('a password reset by someone else', () => {
  it('revokes every live token of the user and ends all their sessions, as events', () => {
    const revoked: UserEvent = { type: 'ApiTokenRevoked', data: { userId: 'u-1', tokenId: 't-2' } };
    const expired = token('t-3', '2026-01-01T00:00:00.000Z');
    const events = decide([created, passwordSet, token('t-1'), token('t-2'), revoked, expired], setPassword(adminSession));
    expect(events).toEqual([
      { type: 'UserPasswordSet', data: { userId: 'u-1', passwordHash: 'new' } },
      { type: 'ApiTokenRevoked', data: { userId: 'u-1', tokenId: 't-1', reason: 'password-reset' } },
      { type: 'UserSessionsEnded', data: { userId: 'u-1', reason: 'password-reset' } },
    ]);
  });

  it('has no sessions to end before a password was ever set', () => {
    expect(decide([created], setPassword(adminSession))).toEqual([{ type: 'UserPasswordSet', data: { userId: 'u-1', passwordHash: 'new' } }]);
  });

  it('is not what your own change is: your tokens stay, and only your other sessions end', () => {
    expect(decide([created, passwordSet, token('t-1')], setPassword(ownSession, 'right'))).toEqual([
      { type: 'UserPasswordSet', data: { userId: 'u-1', passwordHash: 'new' } },
      { type: 'UserSessionsEnded', data: { userId: 'u-1', reason: 'password-changed', except: 'ref-mine' } },
    ]);
    expect(decide([created, passwordSet, token('t-1')], setPassword(ownToken))[1]).toEqual({ type: 'UserSessionsEnded', data: { userId: 'u-1', reason: 'password-changed' } });
  });
});

describe('sessions', () => {
  it('ends all of another user’s, or all of your own but the one you use', () => {
    const endAll = (by: Actor): UserCommand => ({ type: 'EndUserSessions', data: { userId: 'u-1' }, by, metadata });
    expect(decide([created], endAll(adminSession))).toEqual([{ type: 'UserSessionsEnded', data: { userId: 'u-1', reason: 'ended-by-administrator' } }]);
    expect(decide([created], endAll(ownSession))).toEqual([{ type: 'UserSessionsEnded', data: { userId: 'u-1', reason: 'signed-out-elsewhere', except: 'ref-mine' } }]);
  });

  it('ends one session that exists, and refuses one that does not', () => {
    const endOne = (sessionFound: boolean): UserCommand => ({ type: 'EndUserSession', data: { userId: 'u-1', sessionRef: 'abc' }, by: adminSession, sessionFound, metadata });
    expect(decide([created], endOne(true))).toEqual([{ type: 'UserSessionEnded', data: { userId: 'u-1', sessionRef: 'abc' } }]);
    expect(() => decide([created], endOne(false))).toThrow(new NotFoundError('session', 'abc'));
  });
});

describe('disabling and enabling', () => {
  const disable = (by: Actor, otherActiveAdministrators = 1): UserCommand => ({ type: 'DisableUser', data: { userId: 'u-1' }, by, otherActiveAdministrators, metadata });
  const enable: UserCommand = { type: 'EnableUser', data: { userId: 'u-1' }, by: adminSession, metadata };
  const disabled: UserEvent = { type: 'UserDisabled', data: { userId: 'u-1' } };

  it('disables a user once, and enables them again once', () => {
    expect(decide([created], disable(adminSession))).toEqual([disabled]);
    expect(() => decide([created, disabled], disable(adminSession))).toThrow(new IllegalStateError('ann@dfe.example is already disabled'));
    expect(decide([created, disabled], enable)).toEqual([{ type: 'UserEnabled', data: { userId: 'u-1' } }]);
    expect(() => decide([created], enable)).toThrow(new IllegalStateError('ann@dfe.example is not disabled'));
  });

  it('refuses to disable yourself, or the last administrator who can sign in', () => {
    expect(() => decide([createdAdmin], disable({ ...adminSession, userId: 'u-1' }, 3))).toThrow(IllegalStateError);
    expect(() => decide([createdAdmin], disable(adminSession, 0))).toThrow(/last administrator/);
    expect(decide([createdAdmin], disable(adminSession, 1))).toEqual([disabled]);
    // Not an administrator: how many others there are does not matter.
    expect(decide([created], disable(adminSession, 0))).toEqual([disabled]);
  });
});

describe('administrator rights', () => {
  const grant: UserCommand = { type: 'GrantAdministratorRights', data: { userId: 'u-1' }, by: adminSession, metadata };
  const remove = (by: Actor, otherActiveAdministrators = 1): UserCommand => ({ type: 'RemoveAdministratorRights', data: { userId: 'u-1' }, by, otherActiveAdministrators, metadata });

  it('grants them once and removes them once', () => {
    expect(decide([created], grant)).toEqual([{ type: 'AdministratorRightsGranted', data: { userId: 'u-1' } }]);
    expect(() => decide([createdAdmin], grant)).toThrow(new IllegalStateError('ann@dfe.example is already an administrator'));
    expect(decide([createdAdmin], remove(adminSession))).toEqual([{ type: 'AdministratorRightsRemoved', data: { userId: 'u-1' } }]);
    expect(() => decide([created], remove(adminSession))).toThrow(new IllegalStateError('ann@dfe.example is not an administrator'));
    expect(fold(userDecider, [created, { type: 'AdministratorRightsGranted', data: { userId: 'u-1' } }])).toMatchObject({ administrator: true });
  });

  it('refuses to remove your own rights, or the last active administrator’s', () => {
    expect(() => decide([createdAdmin], remove({ ...adminSession, userId: 'u-1' }, 5))).toThrow(/your own administrator rights/);
    expect(() => decide([createdAdmin], remove(adminSession, 0))).toThrow(/last administrator/);
    // A disabled administrator is no one's way in: their rights may go even when no one else holds them.
    expect(decide([createdAdmin, { type: 'UserDisabled', data: { userId: 'u-1' } }], remove(adminSession, 0))).toHaveLength(1);
  });
});

describe('the calendar feed address', () => {
  const feed = (by: Actor, feedId: string): UserCommand => ({ type: 'IssueCalendarFeed', data: { userId: 'u-1', feedId, tokenHash: `h-${feedId}` }, by, metadata });
  const revoke = (by: Actor): UserCommand => ({ type: 'RevokeCalendarFeed', data: { userId: 'u-1' }, by, metadata });

  it('is issued by its owner, and a new one stops the one before in the same decision', () => {
    const first = decide([created], feed(ownToken, 'f-1'));
    expect(first).toEqual([{ type: 'CalendarFeedIssued', data: { userId: 'u-1', feedId: 'f-1', tokenHash: 'h-f-1' } }]);
    expect(decide([created, ...first], feed(ownSession, 'f-2'))).toEqual([
      { type: 'CalendarFeedRevoked', data: { userId: 'u-1', feedId: 'f-1' } },
      { type: 'CalendarFeedIssued', data: { userId: 'u-1', feedId: 'f-2', tokenHash: 'h-f-2' } },
    ]);
  });

  it('is refused to anyone else, an administrator too: whoever holds the address reads the calendar', () => {
    expect(() => decide([created], feed(adminSession, 'f-1'))).toThrow(IllegalStateError);
  });

  it('is revoked by its owner or an administrator, and a revoke with none live is refused', () => {
    const issued = decide([created], feed(ownToken, 'f-1'));
    expect(decide([created, ...issued], revoke(adminSession))).toEqual([{ type: 'CalendarFeedRevoked', data: { userId: 'u-1', feedId: 'f-1' } }]);
    const revoked = decide([created, ...issued], revoke(ownToken));
    expect(() => decide([created, ...issued, ...revoked], revoke(ownToken))).toThrow('There is no calendar feed to revoke');
  });
});
