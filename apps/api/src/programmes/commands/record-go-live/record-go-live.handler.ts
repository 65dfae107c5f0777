import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidCommandError, ProgrammeEvent, RecordGoLive, fold, programmeDecider, programmeStreamId, standingGoNoGo, ukDateOf } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { Digests, GO_LIVE_REASON } from '../../../audit/digests';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { RecordGoLiveCommand } from './record-go-live.command';

@CommandHandler(RecordGoLiveCommand)
export class RecordGoLiveHandler implements ICommandHandler<RecordGoLiveCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly digests: Digests,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** Go-live is followed by a signed digest of the programme as it went live. */
  async execute({ programmeId, date, context }: RecordGoLiveCommand): Promise<CommandResult> {
    await this.assertNotBeforeTheGo(programmeId, date);
    const command: Omit<RecordGoLive, 'metadata'> = { type: 'RecordGoLive', data: { programmeId, date } };
    const result = await this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context);
    await this.digests.takeAfter(programmeId, context, GO_LIVE_REASON, result.position);
    return result;
  }

  /**
   * Going live rests on the go: a programme cannot have gone live on a day before the go was
   * effective, or the history would say it went live before anyone decided it should. The decider
   * does not see when its events took effect, so this is read here from the programme's stream.
   * (The go-live date standing refusal itself is the decider's; this only adds the day.)
   */
  private async assertNotBeforeTheGo(programmeId: string, date: string): Promise<void> {
    const history = await this.store.readStream(programmeStreamId(programmeId));
    const state = fold(programmeDecider, history as unknown as ProgrammeEvent[]);
    if (state.status !== 'active') return;
    const standing = standingGoNoGo(state);
    if (standing?.decision !== 'go') return;
    const event = history.find((e) => e.type === 'GoNoGoDecided' && (e.data as { decisionId?: string }).decisionId === standing.decisionId);
    const decidedOn = event && ukDateOf(event.metadata.effectiveAt ?? event.metadata.recordedAt);
    if (decidedOn !== undefined && date < decidedOn) {
      throw new InvalidCommandError([
        {
          field: 'date',
          problem: `must not be before the go it rests on (decision ${standing.decisionId}, effective ${decidedOn}); if the board decided earlier, record that go with the effectiveAt it was taken`,
        },
      ]);
    }
  }
}
