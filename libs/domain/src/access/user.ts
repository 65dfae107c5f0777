import { assertNever, Command, Decider, DomainEvent, upcasting } from '../decider';
import { DuplicateReferenceError, IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';

/**
 * A person who uses the tracker. Its stream is global, not a programme's, so a password hash
 * recorded here never appears in a programme's audit trail or export.
 */

/**
 * Who is acting on the account, and how they proved it. A browser session can be stolen by
 * anyone at an unlocked desk, so from a session the account's own password is asked again
 * before its password changes or a token is minted; an API token is automation's credential.
 */
export interface Actor {
  readonly userId: string;
  readonly administrator: boolean;
  readonly via: 'session' | 'token' | 'system';
  /** The session in use, when via a session: it is kept when its owner ends their other sessions. */
  readonly sessionRef?: string;
}

/** Whether the caller gave the account's current password, as checked (slowly, throttled) before deciding. */
export type CurrentPassword = 'right' | 'wrong' | 'not given';

/** Only a person acting on their own account from a browser session is asked for its current password. */
export const needsCurrentPassword = (by: Actor, userId: string): boolean => by.via === 'session' && by.userId === userId;

type UserCommandOf<Type extends string, Data> = Command<Type, Data> & { readonly by: Actor };

export type CreateUser = Command<'CreateUser', { readonly userId: string; readonly email: string; readonly name: string; readonly administrator: boolean }>;
export type SetPassword = UserCommandOf<'SetPassword', { readonly userId: string; readonly passwordHash: string }> & { readonly currentPassword?: CurrentPassword };
/** Only the token's SHA-256 is kept; the token itself is shown once and never stored. */
export type IssueApiToken = UserCommandOf<
  'IssueApiToken',
  { readonly userId: string; readonly tokenId: string; readonly tokenHash: string; readonly expiresAt: string }
> & { readonly currentPassword?: CurrentPassword; /** API_TOKEN_MAX_DAYS: no token may last longer. */ readonly maxLifetimeDays: number };
export type RevokeApiToken = UserCommandOf<'RevokeApiToken', { readonly userId: string; readonly tokenId: string }>;
/** Ends every session of the user; from one of their own sessions, every other one. */
/** A secret address for the user's calendar of deadlines; issuing again replaces the one before. Only its owner issues it. */
export type IssueCalendarFeed = UserCommandOf<'IssueCalendarFeed', { readonly userId: string; readonly feedId: string; readonly tokenHash: string }>;
export type RevokeCalendarFeed = UserCommandOf<'RevokeCalendarFeed', { readonly userId: string }>;
/** Whether the user is sent email reminders, and the owners (roles or teams, as items name them) they answer for. */
export type SetReminders = UserCommandOf<'SetReminders', { readonly userId: string; readonly email: boolean; readonly owns: readonly string[] }>;
/**
 * What a person may read across programmes without being a member of each: every programme (a
 * department's portfolio viewer), or those of one region or delivery model (a portfolio lead).
 * Read-only, whatever the scope; null takes it away.
 */
export type PortfolioScope = { readonly all: true } | { readonly region: string } | { readonly deliveryModel: string };
/** Whether a portfolio scope reaches a programme of this description. */
export function portfolioCovers(scope: { readonly all?: true; readonly region?: string; readonly deliveryModel?: string } | undefined, description: { readonly region?: string; readonly deliveryModel?: string }): boolean {
  if (scope === undefined) return false;
  if (scope.all) return true;
  return (scope.region !== undefined && description.region === scope.region) || (scope.deliveryModel !== undefined && description.deliveryModel === scope.deliveryModel);
}
export type SetPortfolioAccess = UserCommandOf<'SetPortfolioAccess', { readonly userId: string; readonly scope: PortfolioScope | null }>;
export type EndUserSessions = UserCommandOf<'EndUserSessions', { readonly userId: string }>;
export type EndUserSession = UserCommandOf<'EndUserSession', { readonly userId: string; readonly sessionRef: string }> & { readonly sessionFound: boolean };
/** `otherActiveAdministrators`: administrators besides this user who are not disabled, as the directory counts them. */
export type DisableUser = UserCommandOf<'DisableUser', { readonly userId: string }> & { readonly otherActiveAdministrators: number };
export type EnableUser = UserCommandOf<'EnableUser', { readonly userId: string }>;
export type GrantAdministratorRights = UserCommandOf<'GrantAdministratorRights', { readonly userId: string }>;
export type RemoveAdministratorRights = UserCommandOf<'RemoveAdministratorRights', { readonly userId: string }> & { readonly otherActiveAdministrators: number };
export type UserCommand =
  | CreateUser
  | SetPassword
  | IssueApiToken
  | RevokeApiToken
  | IssueCalendarFeed
  | RevokeCalendarFeed
  | SetReminders
  | SetPortfolioAccess
  | EndUserSessions
  | EndUserSession
  | DisableUser
  | EnableUser
  | GrantAdministratorRights
  | RemoveAdministratorRights;

export type UserCreated = DomainEvent<'UserCreated', { readonly userId: string; readonly email: string; readonly name: string; readonly administrator: boolean }>;
export type UserPasswordSet = DomainEvent<'UserPasswordSet', { readonly userId: string; readonly passwordHash: string }>;
export type ApiTokenIssued = DomainEvent<
  'ApiTokenIssued',
  { readonly userId: string; readonly tokenId: string; readonly tokenHash: string; readonly expiresAt: string }
>;
/** `reason` is absent when the token was revoked by itself (events before it existed read the same). */
export type ApiTokenRevoked = DomainEvent<'ApiTokenRevoked', { readonly userId: string; readonly tokenId: string; readonly reason?: 'password-reset' }>;
export const SESSIONS_ENDED_REASONS = ['password-reset', 'password-changed', 'signed-out-elsewhere', 'ended-by-administrator'] as const;
/** Every session of the user started by then ends, but the one named in `except` (the session that asked). */
export type CalendarFeedIssued = DomainEvent<'CalendarFeedIssued', { readonly userId: string; readonly feedId: string; readonly tokenHash: string }>;
export type RemindersSet = DomainEvent<'RemindersSet', { readonly userId: string; readonly email: boolean; readonly owns: readonly string[] }>;
export type PortfolioAccessSet = DomainEvent<'PortfolioAccessSet', { readonly userId: string; readonly scope: PortfolioScope | null }>;
export type CalendarFeedRevoked = DomainEvent<'CalendarFeedRevoked', { readonly userId: string; readonly feedId: string }>;
export type UserSessionsEnded = DomainEvent<
  'UserSessionsEnded',
  { readonly userId: string; readonly reason: (typeof SESSIONS_ENDED_REASONS)[number]; readonly except?: string }
>;
export type UserSessionEnded = DomainEvent<'UserSessionEnded', { readonly userId: string; readonly sessionRef: string }>;
/** A disabled user's tokens and sessions stop working and they cannot sign in; their sessions end. */
export type UserDisabled = DomainEvent<'UserDisabled', { readonly userId: string }>;
export type UserEnabled = DomainEvent<'UserEnabled', { readonly userId: string }>;
export type AdministratorRightsGranted = DomainEvent<'AdministratorRightsGranted', { readonly userId: string }>;
export type AdministratorRightsRemoved = DomainEvent<'AdministratorRightsRemoved', { readonly userId: string }>;
export type UserEvent =
  | RemindersSet
  | PortfolioAccessSet
  | CalendarFeedIssued
  | CalendarFeedRevoked
  | UserCreated
  | UserPasswordSet
  | ApiTokenIssued
  | ApiTokenRevoked
  | UserSessionsEnded
  | UserSessionEnded
  | UserDisabled
  | UserEnabled
  | AdministratorRightsGranted
  | AdministratorRightsRemoved;

export type User =
  | { readonly status: 'none' }
  | {
      readonly status: 'active';
      readonly userId: string;
      readonly email: string;
      readonly name: string;
      readonly administrator: boolean;
      readonly disabled: boolean;
      /** Sessions start only with a password, so before one was set there are none to end. */
      readonly passwordSet: boolean;
      readonly tokens: ReadonlyMap<string, { readonly expiresAt: string; readonly revoked: boolean }>;
      /** The calendar feed that answers now, if one does. */
      readonly calendarFeed?: string;
      readonly portfolioScope?: PortfolioScope;
    };

/** Emails compare without case or surrounding space; the user's id is derived from this. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const DAY_MS = 86_400_000;

function assertCurrentPassword(by: Actor, userId: string, given: CurrentPassword | undefined): void {
  if (!needsCurrentPassword(by, userId)) return;
  if (given === undefined || given === 'not given') {
    throw new InvalidCommandError([{ field: 'currentPassword', problem: 'is required when signed in with a browser session: enter your current password' }]);
  }
  if (given === 'wrong') throw new InvalidCommandError([{ field: 'currentPassword', problem: 'is not your current password' }]);
}

export const userDecider: Decider<User, UserCommand, UserEvent> = upcasting<User, UserCommand, UserEvent>({
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    if (command.type === 'CreateUser') {
      if (state.status !== 'none') throw new DuplicateReferenceError(`A user with email ${state.email} already exists`, 'email');
      const { userId, email, name, administrator } = command.data;
      return [{ type: 'UserCreated', data: { userId, email: normaliseEmail(email), name, administrator } }];
    }
    if (state.status === 'none') throw new NotFoundError('user', command.data.userId);
    const { userId } = command.data;
    const { by } = command;
    const now = command.metadata.now;
    switch (command.type) {
      case 'SetPassword': {
        assertCurrentPassword(by, userId, command.currentPassword);
        const set: UserEvent = { type: 'UserPasswordSet', data: { userId, passwordHash: command.data.passwordHash } };
        if (by.userId === userId) {
          // Your own change ends your other sessions; the one you are using, and your tokens, stay.
          if (!state.passwordSet) return [set];
          const except = by.via === 'session' ? by.sessionRef : undefined;
          return [set, { type: 'UserSessionsEnded', data: { userId, reason: 'password-changed', ...(except === undefined ? {} : { except }) } }];
        }
        // A reset by someone else is what follows a lost or stolen password: nothing signed in with the old one survives it.
        const revoked: UserEvent[] = [...state.tokens]
          .filter(([, token]) => !token.revoked && token.expiresAt > now)
          .map(([tokenId]) => ({ type: 'ApiTokenRevoked', data: { userId, tokenId, reason: 'password-reset' } }));
        const ended: UserEvent[] = state.passwordSet ? [{ type: 'UserSessionsEnded', data: { userId, reason: 'password-reset' } }] : [];
        return [set, ...revoked, ...ended];
      }
      case 'IssueApiToken': {
        assertCurrentPassword(by, userId, command.currentPassword);
        const { tokenId, tokenHash, expiresAt } = command.data;
        if (expiresAt <= now) throw new InvalidCommandError([{ field: 'expiresAt', problem: 'must be in the future' }]);
        const latest = new Date(Date.parse(now) + command.maxLifetimeDays * DAY_MS).toISOString();
        if (expiresAt > latest) {
          throw new InvalidCommandError([{ field: 'expiresAt', problem: `must be at most ${command.maxLifetimeDays} days from now (${latest} at the latest)` }]);
        }
        return [{ type: 'ApiTokenIssued', data: { userId, tokenId, tokenHash, expiresAt } }];
      }
      case 'RevokeApiToken': {
        const token = state.tokens.get(command.data.tokenId);
        if (token === undefined) throw new NotFoundError('API token', command.data.tokenId);
        if (token.revoked) throw new IllegalStateError('This token has already been revoked');
        return [{ type: 'ApiTokenRevoked', data: { userId, tokenId: command.data.tokenId } }];
      }
      case 'IssueCalendarFeed': {
        // Whoever knows the address reads the calendar: only its owner is shown it.
        if (by.userId !== userId) throw new IllegalStateError('A calendar feed is issued by the person it belongs to, on their own account page');
        const { feedId, tokenHash } = command.data;
        const replaced: UserEvent[] = state.calendarFeed === undefined ? [] : [{ type: 'CalendarFeedRevoked', data: { userId, feedId: state.calendarFeed } }];
        return [...replaced, { type: 'CalendarFeedIssued', data: { userId, feedId, tokenHash } }];
      }
      case 'SetReminders': {
        if (by.userId !== userId && command.data.email) throw new IllegalStateError('Only the person themselves asks for email reminders, on their own account page; an administrator can only stop them');
        const owns = [...new Set(command.data.owns.map((o) => o.trim()).filter((o) => o !== ''))];
        if (command.data.email && owns.length === 0) throw new InvalidCommandError([{ field: 'owns', problem: 'must name at least one owner you answer for, to be sent reminders of what they own' }]);
        return [{ type: 'RemindersSet', data: { userId, email: command.data.email, owns } }];
      }
      case 'SetPortfolioAccess': {
        const { scope } = command.data;
        if (JSON.stringify(scope) === JSON.stringify(state.portfolioScope ?? null)) return [];
        return [{ type: 'PortfolioAccessSet', data: { userId, scope } }];
      }
      case 'RevokeCalendarFeed':
        if (state.calendarFeed === undefined) throw new IllegalStateError('There is no calendar feed to revoke');
        return [{ type: 'CalendarFeedRevoked', data: { userId, feedId: state.calendarFeed } }];
      case 'EndUserSessions': {
        if (by.userId === userId) {
          const except = by.via === 'session' ? by.sessionRef : undefined;
          return [{ type: 'UserSessionsEnded', data: { userId, reason: 'signed-out-elsewhere', ...(except === undefined ? {} : { except }) } }];
        }
        return [{ type: 'UserSessionsEnded', data: { userId, reason: 'ended-by-administrator' } }];
      }
      case 'EndUserSession':
        if (!command.sessionFound) throw new NotFoundError('session', command.data.sessionRef);
        return [{ type: 'UserSessionEnded', data: { userId, sessionRef: command.data.sessionRef } }];
      case 'DisableUser':
        if (by.userId === userId) throw new IllegalStateError('You cannot disable your own account: ask another administrator');
        if (state.disabled) throw new IllegalStateError(`${state.email} is already disabled`);
        if (state.administrator && command.otherActiveAdministrators === 0) {
          throw new IllegalStateError(`${state.email} is the last administrator who can sign in; grant another user administrator rights first`);
        }
        return [{ type: 'UserDisabled', data: { userId } }];
      case 'EnableUser':
        if (!state.disabled) throw new IllegalStateError(`${state.email} is not disabled`);
        return [{ type: 'UserEnabled', data: { userId } }];
      case 'GrantAdministratorRights':
        if (state.administrator) throw new IllegalStateError(`${state.email} is already an administrator`);
        return [{ type: 'AdministratorRightsGranted', data: { userId } }];
      case 'RemoveAdministratorRights':
        if (!state.administrator) throw new IllegalStateError(`${state.email} is not an administrator`);
        if (by.userId === userId) throw new IllegalStateError('You cannot remove your own administrator rights: ask another administrator');
        if (!state.disabled && command.otherActiveAdministrators === 0) {
          throw new IllegalStateError(`${state.email} is the last administrator who can sign in; grant another user administrator rights first`);
        }
        return [{ type: 'AdministratorRightsRemoved', data: { userId } }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    if (event.type === 'UserCreated') return { status: 'active', ...event.data, disabled: false, passwordSet: false, tokens: new Map() };
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'UserPasswordSet':
        return { ...state, passwordSet: true };
      case 'ApiTokenIssued':
        return { ...state, tokens: new Map(state.tokens).set(event.data.tokenId, { expiresAt: event.data.expiresAt, revoked: false }) };
      case 'ApiTokenRevoked': {
        const token = state.tokens.get(event.data.tokenId);
        return token ? { ...state, tokens: new Map(state.tokens).set(event.data.tokenId, { ...token, revoked: true }) } : state;
      }
      case 'RemindersSet':
        // Read from the read store by the reminders job; nothing the user's decisions need.
        return state;
      case 'PortfolioAccessSet': {
        const { portfolioScope: _before, ...rest } = state;
        return event.data.scope === null ? rest : { ...rest, portfolioScope: event.data.scope };
      }
      case 'CalendarFeedIssued':
        return { ...state, calendarFeed: event.data.feedId };
      case 'CalendarFeedRevoked': {
        if (state.calendarFeed !== event.data.feedId) return state;
        const { calendarFeed: _revoked, ...rest } = state;
        return rest;
      }
      case 'UserSessionsEnded':
      case 'UserSessionEnded':
        // Sessions are not facts the user's state needs: the read store holds them.
        return state;
      case 'UserDisabled':
        return { ...state, disabled: true };
      case 'UserEnabled':
        return { ...state, disabled: false };
      case 'AdministratorRightsGranted':
        return { ...state, administrator: true };
      case 'AdministratorRightsRemoved':
        return { ...state, administrator: false };
      default:
        return assertNever(event);
    }
  },

  schemaVersions: {
    UserCreated: 1,
    UserPasswordSet: 1,
    ApiTokenIssued: 1,
    ApiTokenRevoked: 1,
    UserSessionsEnded: 1,
    UserSessionEnded: 1,
    UserDisabled: 1,
    UserEnabled: 1,
    AdministratorRightsGranted: 1,
    AdministratorRightsRemoved: 1,
    CalendarFeedIssued: 1,
    CalendarFeedRevoked: 1,
    RemindersSet: 1,
    PortfolioAccessSet: 1,
  },
});
