import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ITEM_NOUNS, NotFoundError, RegisterItemEvent, StepRecord, fold, itemStreamId, registerItemDecider } from '@tracker/domain';
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
  readonly version: number;
}

/** One item as its own stream tells it: always current, straight after any write. */
@QueryHandler(GetItemQuery)
export class GetItemHandler implements IQueryHandler<GetItemQuery, ItemView> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ programmeId, kind, itemId }: GetItemQuery): Promise<ItemView> {
    const events = await this.store.readStream(itemStreamId(programmeId, itemId));
    const item = fold(registerItemDecider, events as unknown as RegisterItemEvent[]);
    if (item.status === 'none' || item.kind !== kind) throw new NotFoundError(ITEM_NOUNS[kind], itemId);
    return { id: itemId, programmeId, kind, reference: item.reference, details: item.details, steps: item.steps, version: events.length };
  }
}
