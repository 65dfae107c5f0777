import { recordedRulesetVersion } from '@tracker/readiness';
import type { Digests } from '../audit/digests';
import type { ProgrammeViews } from './programme-views';

/** The decision's digest, the version it was judged with, and the programme judged again with both; for the API and the page. */
export async function whatTheBoardSaw(views: ProgrammeViews, digests: Digests, programmeId: string, decisionId: string) {
  const digest = await digests.ofDecision(programmeId, decisionId);
  const decision = await views.decisionEvent(programmeId, decisionId, digest.position);
  const rulesetVersion = recordedRulesetVersion(decision.data);
  return { digest, rulesetVersion, judged: await views.whatTheBoardSaw(programmeId, digest, rulesetVersion) };
}
