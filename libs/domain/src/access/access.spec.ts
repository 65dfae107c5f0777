import { northshireLike } from '../programmes/programme-facts.fixture';
import { fold } from '../decider';
import { DuplicateReferenceError, IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import { MembershipCommand, MembershipEvent, membershipDecider } from './membership';
import { UserCommand, UserEvent, normaliseEmail, userDecider } from './user';
import { specification } from '../testing/specification';

const metadata = { now: '2026-11-22T10:00:00.000Z' };
const created: UserEvent = { type: 'UserCreated', data: { userId: 'u-1', email: 'ann.adviser@dfe.example', name: 'Ann Adviser', administrator: false } };
const userGiven = (...events: UserEvent[]) => ({ when: (c: UserCommand) => () => userDecider.decide(c, fold(userDecider, events)) });
const by = { userId: 'u-admin', administrator: true, via: 'token' } as const;
const issued: UserEvent = { type: 'ApiTokenIssued', data: { userId: 'u-1', tokenId: 't-1', tokenHash: 'h', expiresAt: '2027-01-01T00:00:00.000Z' } };

describe('users', () => {
  it('creates a user with a normalised email, once', () => {
    const create: UserCommand = { type: 'CreateUser', data: { userId: 'u-1', email: ' Ann.Adviser@DfE.example ', name: 'Ann Adviser', administrator: false }, metadata };
    expect(userGiven().when(create)()).toEqual([created]);
    expect(userGiven(created).when(create)).toThrow(DuplicateReferenceError);
    expect(normaliseEmail(' A@B.C ')).toBe('a@b.c');
  });

  it('issues a token that expires in the future, and revokes it once', () => {
    const issue = (expiresAt: string): UserCommand => ({ type: 'IssueApiToken', data: { userId: 'u-1', tokenId: 't-1', tokenHash: 'h', expiresAt }, by, maxLifetimeDays: 366, metadata });
    expect(userGiven(created).when(issue('2027-01-01T00:00:00.000Z'))()).toEqual([issued]);
    expect(userGiven(created).when(issue('2026-11-01T00:00:00.000Z'))).toThrow(InvalidCommandError);
    const revoke: UserCommand = { type: 'RevokeApiToken', data: { userId: 'u-1', tokenId: 't-1' }, by, metadata };
    const revoked = userDecider.decide(revoke, fold(userDecider, [created, issued]));
    expect(revoked).toEqual([{ type: 'ApiTokenRevoked', data: { userId: 'u-1', tokenId: 't-1' } }]);
    expect(userGiven(created, issued, ...revoked).when(revoke)).toThrow(IllegalStateError);
    expect(userGiven(created).when(revoke)).toThrow(new NotFoundError('API token', 't-1'));
  });

  it('treats commands on a user that does not exist as not found', () => {
    expect(userGiven().when({ type: 'SetPassword', data: { userId: 'u-9', passwordHash: 'x' }, by, metadata })).toThrow(NotFoundError);
  });
});

describe('memberships', () => {
  const programme: ProgrammeFacts = northshireLike('closed');
  const grant = (role: 'adviser' | 'board' | 'auditor', userFound = true): MembershipCommand => ({
    type: 'GrantMembership',
    data: { userId: 'u-1', userFound, role },
    programme,
    metadata,
  });
  const revoke: MembershipCommand = { type: 'RevokeMembership', data: { userId: 'u-1' }, programme, metadata };
  const { given } = specification(membershipDecider);
  const added: MembershipEvent = { type: 'MemberAdded', data: { programmeId: 'p-1', userId: 'u-1', role: 'adviser' } };

  it('adds a member, changes the role, and records nothing when the role is the same — even on a closed programme', () => {
    expect(given().when(grant('adviser'))()).toEqual([added]);
    expect(given(added).when(grant('auditor'))()).toEqual([
      { type: 'MemberRoleChanged', data: { programmeId: 'p-1', userId: 'u-1', from: 'adviser', to: 'auditor' } },
    ]);
    expect(given(added).when(grant('adviser'))()).toEqual([]);
  });

  it('removes a member, and refuses an unknown user or member', () => {
    expect(given(added).when(revoke)()).toEqual([{ type: 'MemberRemoved', data: { programmeId: 'p-1', userId: 'u-1', role: 'adviser' } }]);
    expect(given().when(revoke)).toThrow(new NotFoundError('member', 'u-1'));
    expect(given().when(grant('board', false))).toThrow(new NotFoundError('user', 'u-1'));
  });
});
