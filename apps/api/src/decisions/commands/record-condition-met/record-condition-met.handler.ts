import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordConditionMet, assertEffectiveAt, programmeDecider, programmeStreamId } from '@tracker/domain';
import { evidenceOf } from '../../../findings/evidence.request.dto';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { RecordConditionMetCommand } from './record-condition-met.command';

/** Recorded on the programme's stream, beside the go it belongs to. */
@CommandHandler(RecordConditionMetCommand)
export class RecordConditionMetHandler implements ICommandHandler<RecordConditionMetCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ programmeId, decisionId, conditionId, request, effectiveAt, context }: RecordConditionMetCommand): Promise<CommandResult> {
    // The programme's own commands carry no programme facts for the runner to check the time against.
    assertEffectiveAt(effectiveAt, this.clock(), await this.programmes.read(programmeId));
    const evidence = evidenceOf(request.evidence);
    const command: Omit<RecordConditionMet, 'metadata'> = {
      type: 'RecordConditionMet',
      data: { programmeId, decisionId, conditionId, note: request.note, ...(evidence.length > 0 ? { evidence } : {}) },
    };
    return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context, effectiveAt);
  }
}
