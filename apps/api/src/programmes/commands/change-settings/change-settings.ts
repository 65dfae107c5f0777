import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ChangeProgrammeSettings, InvalidCommandError, programmeDecider, programmeStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';
import { ChangeProgrammeSettingsRequest } from './change-settings.request.dto';

/** Changes who takes which decisions, and which findings need four eyes to close. */
export class ChangeProgrammeSettingsCommand extends Command<CommandResult> {
  constructor(
    readonly programmeId: string,
    readonly change: ChangeProgrammeSettingsRequest,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeProgrammeSettingsCommand)
export class ChangeProgrammeSettingsHandler implements ICommandHandler<ChangeProgrammeSettingsCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ programmeId, change, context }: ChangeProgrammeSettingsCommand): Promise<CommandResult> {
    const { decisionBodies, fourEyes } = change;
    if (decisionBodies === undefined && fourEyes === undefined) {
      throw new InvalidCommandError([{ field: 'body', problem: 'must change decisionBodies, fourEyes or both' }]);
    }
    // Plain data for the event: the request's classes would be stored as they are.
    const bodies = decisionBodies === undefined ? undefined : Object.fromEntries(Object.entries(decisionBodies).filter(([, types]) => types !== undefined && types.length > 0));
    const command: Omit<ChangeProgrammeSettings, 'metadata'> = {
      type: 'ChangeProgrammeSettings',
      data: { programmeId, ...(bodies === undefined ? {} : { decisionBodies: bodies }), ...(fourEyes === undefined ? {} : { fourEyes: [...fourEyes] }) },
    };
    return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context);
  }
}
