import type { SeenHead } from '@tracker/domain';
import type { DecisionLogStore } from '@tracker/read-models';
import { recordedRulesetVersion } from '@tracker/readiness';
import type { Digests } from '../audit/digests';
import type { ProgrammeViews } from './programme-views';

/**
 * The decision's digest, the version it was judged with, and the programme judged again with both; for the API and the page.
 * A decision recording the head it saw (`seen`) has its digest taken over exactly that head; a write
 * landing while the board decided may then come between the two, so the decision log's position
 * finds the decision's event. An older decision's event is the first after its digest.
 */
export async function whatTheBoardSaw(views: ProgrammeViews, digests: Digests, programmeId: string, decisionId: string, log?: DecisionLogStore) {
  const digest = await digests.ofDecision(programmeId, decisionId);
  const row = log?.decision(programmeId, decisionId);
  const seen = (row?.data as { seen?: SeenHead } | undefined)?.seen;
  const after = row && seen?.position === digest.position ? row.position - 1 : digest.position;
  const decision = await views.decisionEvent(programmeId, decisionId, after);
  const recorded = (decision.data as { seen?: SeenHead }).seen;
  if (recorded && (recorded.position !== digest.position || recorded.headHash !== digest.headHash)) {
    throw new Error(`Decision ${decisionId} saw the chain head ${recorded.headHash} at ${recorded.position}, but its digest covers ${digest.headHash} at ${digest.position}`);
  }
  const rulesetVersion = recordedRulesetVersion(decision.data);
  return { digest, rulesetVersion, judged: await views.whatTheBoardSaw(programmeId, digest, rulesetVersion) };
}
