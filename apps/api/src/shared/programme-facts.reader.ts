import { Inject, Injectable } from '@nestjs/common';
import { ProgrammeEvent, ProgrammeFacts, fold, programmeDecider, programmeFacts, programmeStreamId } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';

/** Reads what a register, finding or note command needs to know of its programme; 404 when there is none. */
@Injectable()
export class ProgrammeFactsReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async read(programmeId: string): Promise<ProgrammeFacts> {
    const events = await this.store.readStream(programmeStreamId(programmeId));
    return programmeFacts(fold(programmeDecider, events as unknown as ProgrammeEvent[]), programmeId);
  }
}
