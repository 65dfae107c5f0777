import type { Outstanding } from '@tracker/domain';
import type { Readiness } from '@tracker/readiness';

/**
 * What is still outstanding, as readiness judges it: each item not ready or at risk (done late is
 * done; an interim arrangement still stands in for the real thing), each open critical or high
 * finding about a whole area, and the buy-back envelope when it is not met. What a programme must
 * finish, or hand over, before it closes.
 */
export function outstandingOf(readiness: Readiness): Outstanding[] {
  const items = readiness.items.filter((item) => item.status === 'not-ready' || item.status === 'at-risk').map((item) => ({ id: item.itemId, label: item.reference }));
  const rest = readiness.blockers.flatMap((blocker): Outstanding[] => {
    if (blocker.itemId !== undefined) return [];
    if (blocker.findingId !== undefined) return [{ id: blocker.findingId, label: blocker.message }];
    return [{ id: blocker.ruleId, label: blocker.message }];
  });
  return [...items, ...new Map(rest.map((o) => [o.id, o])).values()];
}
