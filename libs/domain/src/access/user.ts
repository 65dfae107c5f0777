import { Command, Decider, DomainEvent, assertNever } from '../decider';
import { DuplicateReferenceError, IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';

/**
 * A person who uses the tracker. Its stream is global, not a programme's, so a password hash
 * recorded here never appears in a programme's audit trail or export.
 */
export type CreateUser = Command<'CreateUser', { readonly userId: string; readonly email: string; readonly name: string; readonly administrator: boolean }>;
export type SetPassword = Command<'SetPassword', { readonly userId: string; readonly passwordHash: string }>;
/** Only the token's SHA-256 is kept; the token itself is shown once and never stored. */
export type IssueApiToken = Command<
  'IssueApiToken',
  { readonly userId: string; readonly tokenId: string; readonly tokenHash: string; readonly expiresAt: string }
>;
export type RevokeApiToken = Command<'RevokeApiToken', { readonly userId: string; readonly tokenId: string }>;
export type UserCommand = CreateUser | SetPassword | IssueApiToken | RevokeApiToken;

export type UserCreated = DomainEvent<'UserCreated', { readonly userId: string; readonly email: string; readonly name: string; readonly administrator: boolean }>;
export type UserPasswordSet = DomainEvent<'UserPasswordSet', { readonly userId: string; readonly passwordHash: string }>;
export type ApiTokenIssued = DomainEvent<
  'ApiTokenIssued',
  { readonly userId: string; readonly tokenId: string; readonly tokenHash: string; readonly expiresAt: string }
>;
export type ApiTokenRevoked = DomainEvent<'ApiTokenRevoked', { readonly userId: string; readonly tokenId: string }>;
export type UserEvent = UserCreated | UserPasswordSet | ApiTokenIssued | ApiTokenRevoked;

export type User =
  | { readonly status: 'none' }
  | {
      readonly status: 'active';
      readonly userId: string;
      readonly email: string;
      readonly name: string;
      readonly administrator: boolean;
      readonly tokens: ReadonlyMap<string, { readonly expiresAt: string; readonly revoked: boolean }>;
    };

export const userStreamId = (userId: string) => `user-${userId}`;

/** Emails compare without case or surrounding space; the user's id is derived from this. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export const userDecider: Decider<User, UserCommand, UserEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    if (command.type === 'CreateUser') {
      if (state.status !== 'none') throw new DuplicateReferenceError(`A user with email ${state.email} already exists`);
      const { userId, email, name, administrator } = command.data;
      return [{ type: 'UserCreated', data: { userId, email: normaliseEmail(email), name, administrator } }];
    }
    if (state.status === 'none') throw new NotFoundError('user', command.data.userId);
    switch (command.type) {
      case 'SetPassword':
        return [{ type: 'UserPasswordSet', data: command.data }];
      case 'IssueApiToken': {
        if (command.data.expiresAt <= command.metadata.now) {
          throw new InvalidCommandError([{ field: 'expiresAt', problem: 'must be in the future' }]);
        }
        return [{ type: 'ApiTokenIssued', data: command.data }];
      }
      case 'RevokeApiToken': {
        const token = state.tokens.get(command.data.tokenId);
        if (token === undefined) throw new NotFoundError('API token', command.data.tokenId);
        if (token.revoked) throw new IllegalStateError('This token has already been revoked');
        return [{ type: 'ApiTokenRevoked', data: command.data }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    if (event.type === 'UserCreated') return { status: 'active', ...event.data, tokens: new Map() };
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'UserPasswordSet':
        return state;
      case 'ApiTokenIssued':
        return { ...state, tokens: new Map(state.tokens).set(event.data.tokenId, { expiresAt: event.data.expiresAt, revoked: false }) };
      case 'ApiTokenRevoked': {
        const token = state.tokens.get(event.data.tokenId);
        return token ? { ...state, tokens: new Map(state.tokens).set(event.data.tokenId, { ...token, revoked: true }) } : state;
      }
      default:
        return assertNever(event);
    }
  },

  schemaVersions: { UserCreated: 1, UserPasswordSet: 1, ApiTokenIssued: 1, ApiTokenRevoked: 1 },
};
