import { FindingFacts, ItemFacts, RULESET_VERSION, Readiness, RulesetVersion, assessReadiness } from '@tracker/readiness';
import type { ProgrammeView } from '../programmes/programme-fold';

/** A programme's state judged on a day: the one way the read side turns rows into readiness. */
export function judgeView(view: Omit<ProgrammeView, 'goLiveChanges'>, today: string, version: RulesetVersion = RULESET_VERSION): Readiness {
  return assessReadiness(
    {
      today,
      goLiveDate: view.programme.goLiveDate,
      // The read rows are the deciders' own states, which carry every fact the rules read.
      items: view.items as unknown as ItemFacts[],
      findings: view.findings as unknown as FindingFacts[],
      buyBack: view.buyBack,
      envelopes: view.envelopes,
      money: view.money,
      ...(view.programme.wentLiveOn === undefined ? {} : { wentLiveOn: view.programme.wentLiveOn }),
    },
    version,
  );
}
