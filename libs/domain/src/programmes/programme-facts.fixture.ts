import { ukDateOf } from '../calendar';
import { ProgrammeFacts } from './programme-facts';
import { DEFAULT_PROGRAMME_SETTINGS } from './programme-settings';

/** A programme's facts for a decider test: the defaults a newly registered programme has, then what the test says. */
export function programmeFactsOf(facts: Pick<ProgrammeFacts, 'programmeId' | 'status' | 'registeredAt' | 'goLiveDate'> & Partial<ProgrammeFacts>): ProgrammeFacts {
  return { startedOn: ukDateOf(facts.registeredAt), settings: DEFAULT_PROGRAMME_SETTINGS, ...facts };
}
