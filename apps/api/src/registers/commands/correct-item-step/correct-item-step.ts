import { CommandHandler } from '@nestjs/cqrs';
import {
  BOARD_STEPS,
  CorrectItemStep,
  InvalidCommandError,
  ItemKind,
  ItemProgress,
  RegisterItemEvent,
  RegisteredItem,
  StepEvidence,
  fold,
  itemStreamId,
  registerItemDecider,
} from '@tracker/domain';
import { StoredEvent } from '@tracker/event-store';
import { Issued, ProgrammeCommand, ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { validationPipe } from '../../../shared/validation-pipe';
import { RequestContext } from '../../../shared/request-context';
import { PROGRESS_REQUESTS, STEP_FIELDS } from '../record-item-progress/record-item-progress.request.dto';

/** Withdraws step `n` of an item (a correction records it again as well). */
export class WithdrawItemStepCommand extends ProgrammeCommand {
  /** A correction's corrected day; a withdrawal takes effect when the withdrawn step did. */
  readonly effectiveAt: string | undefined;

  constructor(
    readonly programmeId: string,
    readonly kind: ItemKind,
    readonly itemId: string,
    readonly n: number,
    readonly reason: string,
    readonly context: RequestContext,
    readonly correction?: { readonly fields?: Record<string, unknown>; readonly effectiveAt?: string; readonly evidence?: readonly StepEvidence[] },
  ) {
    super();
    this.effectiveAt = correction?.effectiveAt;
  }
}

/**
 * A step is named by its number among the item's steps (1 for the first recorded): events are
 * only appended, so the number never changes, it reads in an address and on the page ("step 3"),
 * and the domain knows it without event ids. The item's ETag guards against withdrawing a step
 * someone else has changed meanwhile (If-Match).
 *
 * The withdrawal (a correction's too) is recorded with effect from when the withdrawn step was: the
 * mistaken step was never true, so "what is known to have been true then" leaves it out, while
 * "what was known then" still shows it until the day it was withdrawn. A correction's step takes
 * effect on its corrected day.
 */
@CommandHandler(WithdrawItemStepCommand)
export class WithdrawItemStepHandler extends ProgrammeCommandHandler<WithdrawItemStepCommand> {
  async onStream({ programmeId, kind, itemId, n, reason, correction }: WithdrawItemStepCommand) {
    const streamId = itemStreamId(programmeId, itemId);
    const events = await this.store.readStream(streamId);
    const item = fold(registerItemDecider, events as unknown as RegisterItemEvent[]);
    const entry = item.status === 'registered' && item.kind === kind ? (item.log ?? [])[n - 1] : undefined;
    const original = stepEvents(events)[n - 1];
    const originalAt = original ? (original.metadata.effectiveAt ?? original.metadata.recordedAt) : undefined;
    if (correction === undefined) {
      return onStream(registerItemDecider, streamId, { type: 'WithdrawItemStep', data: { itemId, kind, n, reason }, effectiveAt: originalAt }, { effectiveAt: originalAt });
    }
    // An unknown step, or one withdrawn already, is the domain's to refuse, in its words.
    const progress = entry && !entry.withdrawn && !BOARD_STEPS.has(entry.step) ? await correctedProgress(kind, entry, correction.fields) : ({ kind, step: entry?.step ?? '', fields: {} } as ItemProgress);
    const data = { itemId, n, reason, ...progress, ...(correction.evidence === undefined ? {} : { evidence: correction.evidence }) };
    const command = { type: 'CorrectItemStep', data, effectiveAt: correction.effectiveAt } as Issued<CorrectItemStep>;
    // The withdrawal takes effect when the mistaken step did, the corrected step on its own day: a
    // step corrected to a later day was not true in between, and "as true then" must not show it.
    return onStream(registerItemDecider, streamId, command, { effectiveAt: correction.effectiveAt ?? originalAt, eventEffectiveAt: [originalAt] });
  }
}

/** The item's step events, in the order recorded: the nth is step n. */
function stepEvents(events: readonly StoredEvent[]): StoredEvent[] {
  return events.filter((event) => event.type !== 'ItemStepWithdrawn' && typeof (event.data as { step?: unknown } | null)?.step === 'string');
}

/** The step's fields as recorded, with those given in place, checked as recording the step checks them. */
async function correctedProgress(kind: ItemKind, entry: RegisteredItem['log'][number], given: Record<string, unknown> = {}): Promise<ItemProgress> {
  const names = STEP_FIELDS[entry.step] ?? [];
  const strangers = Object.keys(given).filter((field) => !names.includes(field));
  if (strangers.length > 0) {
    const records = names.length === 0 ? 'it records no fields' : `it records ${names.join(', ')}`;
    throw new InvalidCommandError(strangers.map((field) => ({ field: `fields.${field}`, problem: `is not a field of step ${entry.step} (${records})` })));
  }
  const recorded = Object.fromEntries(names.filter((name) => entry.record[name] !== undefined).map((name) => [name, entry.record[name]]));
  let checked: Record<string, unknown>;
  try {
    checked = (await validationPipe().transform({ step: entry.step, ...recorded, ...given }, { type: 'body', metatype: PROGRESS_REQUESTS[kind], data: '' })) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof InvalidCommandError)) throw error;
    throw new InvalidCommandError(error.problems.map((p) => ({ ...p, field: names.includes(p.field.split(/[.[]/)[0]) ? `fields.${p.field}` : p.field })));
  }
  const fields = Object.fromEntries(names.filter((name) => checked[name] !== undefined).map((name) => [name, checked[name]]));
  return { kind, step: entry.step, fields } as ItemProgress;
}
