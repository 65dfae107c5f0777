import { InvalidCommandError, ProgrammeEvent } from '@tracker/domain';
import type { StoredEvent } from '@tracker/event-store';

/**
 * The programme's decider keeps go / no-go decisions in the order they were recorded; these keep
 * that order true of when they took effect too, so a back-dated decision cannot say more than is
 * true. Read from the programme's own stream, whose events carry the effective times.
 */
const effectiveOf = (event: StoredEvent) => event.metadata.effectiveAt ?? event.metadata.recordedAt;

function latest(history: readonly StoredEvent[], type: ProgrammeEvent['type']): StoredEvent | undefined {
  let found: StoredEvent | undefined;
  for (const event of history) if (event.type === type && (found === undefined || effectiveOf(event) >= effectiveOf(found))) found = event;
  return found;
}

const WHY = 'a go / no-go is taken for the go-live date standing when it is taken';

/**
 * A go / no-go may not be effective before the board's last one (it would stand though, as the
 * board took them, the other came after it) nor before the date last moved (it would claim to be
 * for a date that was not yet the go-live date).
 */
export function assertGoNoGoInOrder(history: readonly StoredEvent[], effectiveAt: string | undefined): void {
  if (effectiveAt === undefined) return;
  const decision = latest(history, 'GoNoGoDecided');
  const move = latest(history, 'GoLiveDateMoved');
  const [bound, problem] =
    move !== undefined && (decision === undefined || effectiveOf(move) >= effectiveOf(decision))
      ? [move, `must not be before the last move of the go-live date (effective ${effectiveOf(move)}): ${WHY}`]
      : [decision, `must not be before the board’s last go / no-go decision (decision ${(decision?.data as { decisionId?: string } | undefined)?.decisionId}, effective ${decision && effectiveOf(decision)}): ${WHY}`];
  if (bound !== undefined && effectiveAt < effectiveOf(bound)) throw new InvalidCommandError([{ field: 'effectiveAt', problem }]);
}
