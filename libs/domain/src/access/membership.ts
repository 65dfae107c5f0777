import { assertNever, Command, Decider, DomainEvent, upcasting } from '../decider';
import { NotFoundError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import { ProgrammeRole } from './roles';

/** Who may do what in one programme. Granting, changing and revoking access are events of the programme. */
type MembershipCommandOf<Type extends string, Data> = Command<Type, Data> & { readonly programme: ProgrammeFacts };
export type GrantMembership = MembershipCommandOf<'GrantMembership', { readonly userId: string; readonly userFound: boolean; readonly role: ProgrammeRole }>;
export type RevokeMembership = MembershipCommandOf<'RevokeMembership', { readonly userId: string }>;
export type MembershipCommand = GrantMembership | RevokeMembership;

export type MemberAdded = DomainEvent<'MemberAdded', { readonly programmeId: string; readonly userId: string; readonly role: ProgrammeRole }>;
export type MemberRoleChanged = DomainEvent<
  'MemberRoleChanged',
  { readonly programmeId: string; readonly userId: string; readonly from: ProgrammeRole; readonly to: ProgrammeRole }
>;
export type MemberRemoved = DomainEvent<'MemberRemoved', { readonly programmeId: string; readonly userId: string; readonly role: ProgrammeRole }>;
export type MembershipEvent = MemberAdded | MemberRoleChanged | MemberRemoved;

export interface Memberships {
  readonly roles: ReadonlyMap<string, ProgrammeRole>;
}

export const membershipDecider: Decider<Memberships, MembershipCommand, MembershipEvent> = upcasting<Memberships, MembershipCommand, MembershipEvent>({
  initialState: () => ({ roles: new Map() }),

  decide(command, state) {
    const programmeId = command.programme.programmeId;
    const { userId } = command.data;
    const current = state.roles.get(userId);
    switch (command.type) {
      case 'GrantMembership': {
        if (!command.data.userFound) throw new NotFoundError('user', userId);
        const role = command.data.role;
        if (current === role) return [];
        if (current === undefined) return [{ type: 'MemberAdded', data: { programmeId, userId, role } }];
        return [{ type: 'MemberRoleChanged', data: { programmeId, userId, from: current, to: role } }];
      }
      case 'RevokeMembership':
        if (current === undefined) throw new NotFoundError('member', userId);
        return [{ type: 'MemberRemoved', data: { programmeId, userId, role: current } }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    const roles = new Map(state.roles);
    switch (event.type) {
      case 'MemberAdded':
        roles.set(event.data.userId, event.data.role);
        break;
      case 'MemberRoleChanged':
        roles.set(event.data.userId, event.data.to);
        break;
      case 'MemberRemoved':
        roles.delete(event.data.userId);
        break;
      default:
        return assertNever(event);
    }
    return { roles };
  },

  schemaVersions: { MemberAdded: 1, MemberRoleChanged: 1, MemberRemoved: 1 },
});
