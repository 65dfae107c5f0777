import { AREAS, SEVERITIES } from '@tracker/domain';
import type { FindingRow, ProgrammeView } from '@tracker/read-models';
import { isFindingOverdue } from '@tracker/readiness';
import { words } from '../../shared/words';
import { matches } from '../../web/list-page';

/*
 * The findings list as a page shows it: open ones by default, most urgent first, each saying what
 * it is about and whether it is overdue (by the one test the blockers and the board pack use).
 */

/** The list's filters, as the address carries them. `status` empty means open or mitigated; `all` means any. */
export interface FindingListQuery {
  readonly q?: string;
  readonly status?: string;
  readonly severity?: string;
  readonly area?: string;
  readonly owner?: string;
  readonly overdue?: string;
  readonly sort?: string;
}

export const FINDING_STATUSES = ['open', 'mitigated', 'resolved', 'closed', 'risk-accepted'] as const;
const OUTSTANDING = new Set(['open', 'mitigated']);

export const FINDING_SORTS = { urgency: 'Most urgent first', due: 'Due soonest', raised: 'Newest first', title: 'Title' } as const;
type Sort = keyof typeof FINDING_SORTS;

export type ListedFinding = FindingRow & { readonly overdue: boolean; readonly about: string; readonly aboutHref?: string };

const severityRank = (f: FindingRow) => SEVERITIES.indexOf(f.severity as never);

const ORDER: Record<Sort, (a: ListedFinding, b: ListedFinding) => number> = {
  urgency: (a, b) => severityRank(a) - severityRank(b) || Number(b.overdue) - Number(a.overdue) || a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title),
  due: (a, b) => a.dueDate.localeCompare(b.dueDate) || severityRank(a) - severityRank(b),
  raised: (a, b) => b.raisedAt.localeCompare(a.raisedAt),
  title: (a, b) => a.title.localeCompare(b.title),
};

/** Each finding with what it is about (the item's reference, or the whole area) and whether it is overdue `today`. */
export function listedFindings(view: ProgrammeView, today: string, registerOf: (kind: string) => string): ListedFinding[] {
  const items = new Map(view.items.map((item) => [item.itemId, item]));
  return view.findings.map((f) => {
    const item = f.target.kind === 'item' ? items.get(f.target.itemId) : undefined;
    return {
      ...f,
      overdue: isFindingOverdue(f, today),
      about: item ? item.reference : `${words(f.target.area)} (the whole area)`,
      ...(item ? { aboutHref: `/programmes/${view.programme.id}/registers/${registerOf(item.kind)}/${item.itemId}` } : {}),
    };
  });
}

/** The findings the filters keep, in the order asked for (most urgent first unless told otherwise). */
export function filteredFindings(findings: readonly ListedFinding[], query: FindingListQuery): ListedFinding[] {
  const sort: Sort = query.sort && query.sort in FINDING_SORTS ? (query.sort as Sort) : 'urgency';
  const status = query.status ?? '';
  return findings
    .filter((f) => (status === '' ? OUTSTANDING.has(f.status) : status === 'all' || f.status === status))
    .filter((f) => !query.severity || f.severity === query.severity)
    .filter((f) => !query.area || f.target.area === query.area)
    .filter((f) => !query.owner || f.owner === query.owner)
    .filter((f) => query.overdue !== 'yes' || f.overdue)
    .filter((f) => matches(query.q, [f.title, f.owner, f.about, f.description]))
    .sort(ORDER[sort]);
}

/** The choices the list's filters offer: the owners are those the findings name. */
export function findingFilterChoices(findings: readonly ListedFinding[]) {
  return { statuses: FINDING_STATUSES, severities: SEVERITIES, areas: AREAS, owners: [...new Set(findings.map((f) => f.owner))].sort(), sorts: FINDING_SORTS };
}
