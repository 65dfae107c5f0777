import { Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import {
  AcceptFindingRisk,
  Judged,
  ProgrammeFacts,
  SeenHead,
  TabledBoardPack,
  assertDecidingBody,
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
import { AuditChain } from '@tracker/read-models';
import { RULESET_VERSION } from '@tracker/readiness';
import { Digests, boardDecisionReason } from '../../../audit/digests';
import type { EventStore } from '@tracker/event-store';
import { CLOCK, Clock, EVENT_STORE, LOGGER } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { Documents } from '../../../shared/documents';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { BOARD_PACK_TABLER, BoardPackTabler } from '../../board-pack-tabler';
import { assertGoNoGoInOrder } from '../../go-no-go-timing';
import { RecordDecisionCommand } from './record-decision.command';

/** The decision with what the tracker adds to it: the rules, the chain head the board saw, and the pack as tabled. */
type Recorded = RecordDecisionCommand & { readonly judged: Judged; readonly programme: ProgrammeFacts };

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
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly digests: Digests,
    private readonly chain: AuditChain,
    private readonly documents: Documents,
    private readonly modules: ModuleRef,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** How many decisions being decided now hold each pack, by its hash. */
  private readonly packsInFlight = new Map<string, number>();
  /** The packs stored by a decision still being decided. */
  private readonly packsStoredNow = new Set<string>();
  /** The packs of the decisions this server has recorded: one a decision, so few. */
  private readonly packsRecorded = new Set<string>();

  /**
   * What the board saw is fixed before the decision is recorded: the chain head it decided against,
   * and the board pack printed over exactly that head and kept in the document store. Both go into
   * the decision's event, and the signed digest taken after it covers that same head.
   */
  async execute(command: RecordDecisionCommand): Promise<CommandResult> {
    const { programmeId, decision, effectiveAt } = command;
    const programme = await this.programmes.read(programmeId);
    // Decisions on the programme itself carry no programme facts for the runner to check the time against.
    assertEffectiveAt(effectiveAt, this.clock(), programme);
    // Refused before the pack is printed: a refusal should cost nothing and keep nothing.
    assertDecidingBody(programme.settings, decision.type, decision.body);
    if (decision.type === 'go-no-go') assertGoNoGoInOrder(await this.store.readStream(programmeStreamId(programmeId)), effectiveAt);
    const seen: SeenHead = this.chain.headAt(programmeId);
    const { boardPack, keptNow } = await this.tablePack(programmeId, seen);
    const sha256 = boardPack.sha256;
    this.packsInFlight.set(sha256, (this.packsInFlight.get(sha256) ?? 0) + 1);
    if (keptNow) this.packsStoredNow.add(sha256);
    let result: CommandResult;
    try {
      result = await this.record({ ...command, programme, judged: { rulesetVersion: RULESET_VERSION, ...this.who(command), seen, boardPack } });
    } catch (error) {
      // A refused decision keeps no pack it printed, unless another decision needs the same bytes.
      this.letGo(sha256);
      throw error;
    }
    // A new decision lands after the head it saw; one at or before it is a retry (Idempotency-Key)
    // answered with the first decision, which kept its own pack and digest.
    if (result.position <= seen.position) {
      this.letGo(sha256);
      return result;
    }
    this.packsRecorded.add(sha256);
    this.letGo(sha256);
    await this.digests.takeAfter(programmeId, command.context, boardDecisionReason(command.decisionId), seen.position);
    return result;
  }

  /**
   * Done with a pack: once no decision being decided holds its bytes, it is removed if one of them
   * stored it and none recorded here names it. Two decisions at one head print the same pack; the
   * first stores it, and if the first is refused while the second is recorded, the second's pack
   * must stay. (Another server writing the same folder is not counted here.)
   */
  private letGo(sha256: string): void {
    const holders = (this.packsInFlight.get(sha256) ?? 1) - 1;
    if (holders > 0) return void this.packsInFlight.set(sha256, holders);
    this.packsInFlight.delete(sha256);
    const storedNow = this.packsStoredNow.delete(sha256);
    if (storedNow && !this.packsRecorded.has(sha256)) this.documents.remove(sha256);
  }

  private who({ decision }: RecordDecisionCommand): Judged {
    return { body: decision.body ?? 'project-board', ...(decision.attendees === undefined ? {} : { attendees: decision.attendees }) };
  }

  private async tablePack(programmeId: string, seen: SeenHead): Promise<{ boardPack: TabledBoardPack; keptNow: boolean }> {
    const tabler = this.modules.get<BoardPackTabler>(BOARD_PACK_TABLER, { strict: false });
    const { bytes, mediaType, unavailable } = await tabler.table(programmeId, seen);
    if (unavailable) this.logger.warn({ programmeId, reason: unavailable }, 'board pack kept as its printable page: no PDF could be printed');
    const keptNow = !this.documents.has(createHash('sha256').update(bytes).digest('hex'));
    const { sha256, bytes: size } = this.documents.put(bytes);
    return { boardPack: { sha256, bytes: size, mediaType }, keptNow };
  }

  private async record({ programmeId, decisionId, decision, effectiveAt, context, judged, programme }: Recorded): Promise<CommandResult> {
    switch (decision.type) {
      case 'sla-recommendation': {
        const itemId = decision.slaId!;
        const command = {
          type: 'RecordItemProgress',
          data: {
            itemId,
            kind: 'sla',
            step: decision.accepted ? 'recommendation-accepted' : 'recommendation-rejected',
            fields: { decisionId, reasons: decision.reasons!, ...judged },
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
          data: { findingId, decisionId, reason: decision.reason!, expiresOn: decision.expiresOn!, ...judged },
          programme,
        };
        return this.runner.run(findingDecider, findingStreamId(programmeId, findingId), command, context, effectiveAt);
      }
      case 'delivery-confidence': {
        const command: Omit<RecordBoardRating, 'metadata'> = {
          type: 'RecordBoardRating',
          data: { programmeId, decisionId, rating: decision.rating!, rationale: decision.rationale!, ...judged },
        };
        return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context, effectiveAt);
      }
      case 'go-no-go': {
        const command: Omit<DecideGoNoGo, 'metadata'> = {
          type: 'DecideGoNoGo',
          data: { programmeId, decisionId, decision: decision.decision!, reasons: decision.reasons!, ...conditionsOf(decision), ...judged },
        };
        return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context, effectiveAt);
      }
      default:
        return assertNever(decision.type);
    }
  }
}

function conditionsOf({ conditions }: RecordDecisionCommand['decision']): Pick<DecideGoNoGo['data'], 'conditions'> {
  return conditions === undefined ? {} : { conditions: conditions.map(({ text, owner, dueOn }) => ({ text, owner, dueOn })) };
}
