import { ukDateOf } from '../calendar';
import { ProgrammeFacts } from './programme-facts';
import { DEFAULT_PROGRAMME_SETTINGS } from './programme-settings';

/** A programme's facts for a decider test: the defaults a newly registered programme has, then what the test says. */
export function programmeFactsOf(facts: Pick<ProgrammeFacts, 'programmeId' | 'status' | 'registeredAt' | 'goLiveDate'> & Partial<ProgrammeFacts>): ProgrammeFacts {
  return { startedOn: ukDateOf(facts.registeredAt), settings: DEFAULT_PROGRAMME_SETTINGS, ...facts };
}

/** A programme on a real case's dates: registered in October 2016, going live on 1 April 2018. */
export const SANDWELL_LIKE: ProgrammeFacts = programmeFactsOf({ programmeId: 'p-1', status: 'active', registeredAt: '2016-10-03T09:00:00.000Z', goLiveDate: '2018-04-01' });
/** The demo's dates: registered in January 2026, going live on 1 April 2027; `status` as the test needs. */
export const northshireLike = (status: ProgrammeFacts['status'] = 'active'): ProgrammeFacts =>
  programmeFactsOf({ programmeId: 'p-1', status, registeredAt: '2026-01-05T09:00:00.000Z', goLiveDate: '2027-04-01' });
