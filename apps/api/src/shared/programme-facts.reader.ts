import { Inject, Injectable } from '@nestjs/common';
import { Programme, ProgrammeEvent, ProgrammeFacts, programmeDecider, programmeFacts, programmeStreamId } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../infrastructure/tokens';

/** A programme's state as folded from the first `length` events of its stream. */
interface Folded {
  readonly length: number;
  readonly state: Programme;
}

/** Programmes whose folded state is kept; beyond this many the oldest is let go. */
const KEPT = 1000;

/**
 * Reads what a register, finding or note command needs to know of its programme; 404 when there is none.
 * Nearly every command asks, and a programme's own stream changes rarely: the state folded so far is
 * kept, and each read asks the store only for events after it (usually none), so the answer is
 * always the stream's current state without reading and folding the whole stream each time.
 */
@Injectable()
export class ProgrammeFactsReader {
  private readonly folded = new Map<string, Folded>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async read(programmeId: string): Promise<ProgrammeFacts> {
    const streamId = programmeStreamId(programmeId);
    const known = this.folded.get(streamId);
    const length = known?.length ?? 0;
    const events = (await this.store.readStream(streamId, { fromRevision: length })) as unknown as ProgrammeEvent[];
    let state = known?.state ?? programmeDecider.initialState();
    for (const event of events) state = programmeDecider.evolve(state, event);
    if (events.length > 0 || known === undefined) this.keep(streamId, { length: length + events.length, state });
    return programmeFacts(state, programmeId);
  }

  private keep(streamId: string, folded: Folded): void {
    // A stream's entry moves to the end on each change, so the first is the one left longest unchanged.
    this.folded.delete(streamId);
    if (this.folded.size >= KEPT) this.folded.delete(this.folded.keys().next().value!);
    this.folded.set(streamId, folded);
  }
}
