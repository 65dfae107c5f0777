import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RevokeMembership, membershipDecider, membersStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { RevokeMembershipCommand } from './revoke-membership.command';

@CommandHandler(RevokeMembershipCommand)
export class RevokeMembershipHandler implements ICommandHandler<RevokeMembershipCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, userId, context }: RevokeMembershipCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command: Omit<RevokeMembership, 'metadata'> = { type: 'RevokeMembership', data: { userId }, programme };
    return this.runner.run(membershipDecider, membersStreamId(programmeId), command, context);
  }
}
