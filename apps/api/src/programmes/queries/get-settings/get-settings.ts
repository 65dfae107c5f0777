import { Inject, Injectable } from '@nestjs/common';
import { NotFoundError, ProgrammeEvent, ProgrammeSettings, fold, programmeDecider, programmeStreamId } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';

export interface ProgrammeSettingsView extends ProgrammeSettings {
  readonly programmeId: string;
  /** The programme's version, for If-Match on a change. */
  readonly version: number;
}

/** A programme's settings as they stand, read from its own stream: the same state the decider judges by. */
@Injectable()
export class ProgrammeSettingsReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async read(programmeId: string): Promise<ProgrammeSettingsView> {
    const events = await this.store.readStream(programmeStreamId(programmeId));
    const state = fold(programmeDecider, events as unknown as ProgrammeEvent[]);
    if (state.status === 'unregistered') throw new NotFoundError('programme', programmeId);
    return { programmeId, decisionBodies: state.settings.decisionBodies, fourEyes: state.settings.fourEyes, version: events.length };
  }
}
