import { CommandHandler } from '@nestjs/cqrs';
import { membersStreamId, membershipDecider, userStreamId } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { GrantMembershipCommand } from './grant-membership.command';

/** Adds a member, or changes their role; granting the role they have records nothing. */
@CommandHandler(GrantMembershipCommand)
export class GrantMembershipHandler extends ProgrammeCommandHandler<GrantMembershipCommand> {
  async onStream({ programmeId, userId, role }: GrantMembershipCommand) {
    const userFound = (await this.store.readStream(userStreamId(userId), { toRevision: 0 })).length > 0;
    return onStream(membershipDecider, membersStreamId(programmeId), { type: 'GrantMembership', data: { userId, userFound, role } });
  }
}
