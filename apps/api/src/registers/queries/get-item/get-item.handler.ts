import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ITEM_NOUNS, NotFoundError, RegisterItemEvent, StepEntry, StepEvidence, StepRecord, fold, itemStreamId, registerItemDecider } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { GetItemQuery } from './get-item.query';

export interface ItemView {
  readonly id: string;
  readonly programmeId: string;
  readonly kind: string;
  readonly reference: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly steps: Readonly<Partial<Record<string, StepRecord>>>;
  /** Every step recorded, in order and numbered from 1, withdrawn and corrected ones too, with evidence and reasons. */
  readonly stepHistory: readonly StepHistoryEntry[];
  readonly version: number;
}

export interface StepHistoryEntry {
  readonly n: number;
  readonly step: string;
  readonly on: string;
  readonly fields: Readonly<Record<string, unknown>>;
  readonly evidence: readonly StepEvidence[];
  readonly corrects?: number;
  readonly withdrawn?: { readonly on: string; readonly reason: string; readonly correctedBy?: number };
}

/** The item's log as the API shows it: each step's day apart from what it recorded. */
export function stepHistoryOf(log: readonly StepEntry[]): StepHistoryEntry[] {
  return log.map(({ n, step, record: { on, ...fields }, evidence, corrects, withdrawn }) => ({
    n,
    step,
    on,
    fields,
    evidence,
    ...(corrects === undefined ? {} : { corrects }),
    ...(withdrawn === undefined ? {} : { withdrawn }),
  }));
}

/** One item as its own stream tells it: always current, straight after any write. */
@QueryHandler(GetItemQuery)
export class GetItemHandler implements IQueryHandler<GetItemQuery, ItemView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ programmeId, kind, itemId }: GetItemQuery): Promise<ItemView> {
    const events = await this.store.readStream(itemStreamId(programmeId, itemId));
    const item = fold(registerItemDecider, events as unknown as RegisterItemEvent[]);
    if (item.status === 'none' || item.kind !== kind) throw new NotFoundError(ITEM_NOUNS[kind], itemId);
    return { id: itemId, programmeId, kind, reference: item.reference, details: item.details, steps: item.steps, stepHistory: stepHistoryOf(item.log ?? []), version: events.length };
  }
}
