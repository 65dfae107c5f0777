import { CommandHandler } from '@nestjs/cqrs';
import { membersStreamId, membershipDecider } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { RevokeMembershipCommand } from './revoke-membership.command';

@CommandHandler(RevokeMembershipCommand)
export class RevokeMembershipHandler extends ProgrammeCommandHandler<RevokeMembershipCommand> {
  onStream({ programmeId, userId }: RevokeMembershipCommand) {
    return onStream(membershipDecider, membersStreamId(programmeId), { type: 'RevokeMembership', data: { userId } });
  }
}
