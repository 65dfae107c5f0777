import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { GrantMembership, membershipDecider, membersStreamId, userStreamId } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { GrantMembershipCommand } from './grant-membership.command';

/** Adds a member, or changes their role; granting the role they have records nothing. */
@CommandHandler(GrantMembershipCommand)
export class GrantMembershipHandler implements ICommandHandler<GrantMembershipCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ programmeId, userId, role, context }: GrantMembershipCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const userFound = (await this.store.readStream(userStreamId(userId), { toRevision: 0 })).length > 0;
    const command: Omit<GrantMembership, 'metadata'> = { type: 'GrantMembership', data: { userId, userFound, role }, programme };
    return this.runner.run(membershipDecider, membersStreamId(programmeId), command, context);
  }
}
