import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AcceptFindingRisk,
  DecideGoNoGo,
  RecordBoardRating,
  RecordItemProgress,
  assertEffectiveAt,
  assertNever,
  findingDecider,
  findingStreamId,
  itemStreamId,
  programmeDecider,
  programmeStreamId,
  registerItemDecider,
} from '@tracker/domain';
import { RULESET_VERSION } from '@tracker/readiness';
import { Digests, boardDecisionReason } from '../../../audit/digests';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { RecordDecisionCommand } from './record-decision.command';

/**
 * Each kind of decision is recorded on the stream of what it decides: the SLA, the finding, or the
 * programme, with the readiness rule-set version the board judged with — the application's, never
 * the request's — so that what the board saw is judged again with the same rules.
 */
@CommandHandler(RecordDecisionCommand)
export class RecordDecisionHandler implements ICommandHandler<RecordDecisionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly digests: Digests,
  ) {}

  /** Each decision is followed by a signed digest of the state the board saw: everything before the decision. */
  async execute(command: RecordDecisionCommand): Promise<CommandResult> {
    const result = await this.record(command);
    await this.digests.takeAfter(command.programmeId, command.context, boardDecisionReason(command.decisionId), result.position - 1);
    return result;
  }

  private async record({ programmeId, decisionId, decision, effectiveAt, context }: RecordDecisionCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    // Decisions on the programme itself carry no programme facts for the runner to check the time against.
    assertEffectiveAt(effectiveAt, this.clock(), programme);
    switch (decision.type) {
      case 'sla-recommendation': {
        const itemId = decision.slaId!;
        const command = {
          type: 'RecordItemProgress',
          data: {
            itemId,
            kind: 'sla',
            step: decision.accepted ? 'recommendation-accepted' : 'recommendation-rejected',
            fields: { decisionId, reasons: decision.reasons!, rulesetVersion: RULESET_VERSION },
          },
          programme,
          effectiveAt,
        } as Omit<RecordItemProgress, 'metadata'>;
        return this.runner.run(registerItemDecider, itemStreamId(programmeId, itemId), command, context, effectiveAt);
      }
      case 'risk-acceptance': {
        const findingId = decision.findingId!;
        const command: Omit<AcceptFindingRisk, 'metadata'> = {
          type: 'AcceptFindingRisk',
          data: { findingId, decisionId, reason: decision.reason!, expiresOn: decision.expiresOn!, rulesetVersion: RULESET_VERSION },
          programme,
        };
        return this.runner.run(findingDecider, findingStreamId(programmeId, findingId), command, context, effectiveAt);
      }
      case 'delivery-confidence': {
        const command: Omit<RecordBoardRating, 'metadata'> = {
          type: 'RecordBoardRating',
          data: { programmeId, decisionId, rating: decision.rating!, rationale: decision.rationale!, rulesetVersion: RULESET_VERSION },
        };
        return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context, effectiveAt);
      }
      case 'go-no-go': {
        const command: Omit<DecideGoNoGo, 'metadata'> = {
          type: 'DecideGoNoGo',
          data: { programmeId, decisionId, decision: decision.decision!, reasons: decision.reasons!, rulesetVersion: RULESET_VERSION },
        };
        return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context, effectiveAt);
      }
      default:
        return assertNever(decision.type);
    }
  }
}
