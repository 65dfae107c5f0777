import type { ItemKind } from '@tracker/domain';
import type { ItemRow } from '@tracker/read-models';
import type { ItemReadiness, Reason } from '@tracker/readiness';
import { matches } from '../../web/list-page';

/*
 * A register as its page lists it: the columns that register needs (a contract's supplier, value,
 * expiry and route), searchable, sortable, filtered by readiness, with the outstanding reasons first.
 */

export type ColumnKind = 'text' | 'words' | 'money' | 'date' | 'number';
export interface Column {
  readonly field: string;
  readonly label: string;
  readonly kind: ColumnKind;
}

/** Each register's own columns, after the reference, the item and readiness. */
export const REGISTER_COLUMNS: Readonly<Record<ItemKind, readonly Column[]>> = {
  contract: [
    { field: 'annualValue', label: 'Annual value', kind: 'money' },
    { field: 'expiryDate', label: 'Expiry', kind: 'date' },
    { field: 'mechanism', label: 'Route', kind: 'words' },
  ],
  system: [{ field: 'category', label: 'Category', kind: 'words' }],
  process: [],
  asset: [
    { field: 'assetType', label: 'Type', kind: 'words' },
    { field: 'location', label: 'Location', kind: 'text' },
  ],
  sla: [
    { field: 'annualPrice', label: 'Annual price', kind: 'money' },
    { field: 'termMonths', label: 'Term (months)', kind: 'number' },
  ],
  'staff-group': [
    { field: 'headcount', label: 'Headcount', kind: 'number' },
    { field: 'fte', label: 'FTE', kind: 'number' },
    { field: 'pensionScheme', label: 'Pension', kind: 'words' },
  ],
  'governance-item': [{ field: 'governanceKind', label: 'Kind', kind: 'words' }],
};

export interface RegisterListQuery {
  readonly q?: string;
  readonly readiness?: string;
  readonly sort?: string;
  /** An owner's name, or "none" for items with no owner named; left out (or "anyone"): any. */
  readonly owner?: string;
}

/** The owners named in a register, for its filter. */
export function ownersOf(items: readonly ListedItem[]): string[] {
  return [...new Set(items.map((item) => item.details.owner).filter((o): o is string => typeof o === 'string' && o !== ''))].sort();
}

export type ListedItem = ItemRow & { readonly readiness: ItemReadiness; readonly name: string; readonly why: readonly Reason[] };

/** What an item is called in its register: a contract's title, a system's name, a team, a service. */
export function itemName(details: Readonly<Record<string, unknown>>): string {
  const name = details.title ?? details.name ?? details.team ?? details.service ?? details.establishmentName;
  return typeof name === 'string' ? name : '';
}

/** Worst first: what is overdue or due comes before what is in hand, and what is met comes last. */
const OUTSTANDING: Readonly<Record<Reason['status'], number>> = { overdue: 0, 'open-finding': 1, due: 2, interim: 3, late: 4, met: 5 };
const STATUS_ORDER: Readonly<Record<string, number>> = { 'not-ready': 0, 'at-risk': 1, ready: 2, 'not-applicable': 3 };

/** The register's items of `kind`, each with its readiness and its reasons, outstanding ones first. */
export function listedItems(items: readonly ItemRow[], kind: ItemKind, judged: ReadonlyMap<string, ItemReadiness>): ListedItem[] {
  return items
    .filter((item) => item.kind === kind)
    .map((item) => {
      const readiness = judged.get(item.itemId)!;
      const why = [...readiness.reasons].sort((a, b) => OUTSTANDING[a.status] - OUTSTANDING[b.status]);
      return { ...item, readiness, name: itemName(item.details), why };
    });
}

/** The sorts a register offers: by reference, readiness (worst first), name, and each of its own columns. */
export function registerSorts(kind: ItemKind): Record<string, string> {
  return { reference: 'Reference', readiness: 'Readiness, least ready first', name: 'Name', ...Object.fromEntries(REGISTER_COLUMNS[kind].map((c) => [c.field, c.label])), owner: 'Owner', targetDate: 'Target date' };
}

const compareValues = (a: unknown, b: unknown) => {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
};

/** The items the search and filter keep, in the order asked for; searched by reference, name, supplier, location and owner. */
export function filteredItems(items: readonly ListedItem[], kind: ItemKind, query: RegisterListQuery): ListedItem[] {
  const sort = query.sort && query.sort in registerSorts(kind) ? query.sort : 'reference';
  const order = (a: ListedItem, b: ListedItem): number => {
    if (sort === 'readiness') return STATUS_ORDER[a.readiness.status] - STATUS_ORDER[b.readiness.status] || a.reference.localeCompare(b.reference);
    if (sort === 'name') return a.name.localeCompare(b.name) || a.reference.localeCompare(b.reference);
    if (sort === 'reference') return a.reference.localeCompare(b.reference, 'en', { numeric: true });
    return compareValues(a.details[sort], b.details[sort]) || a.reference.localeCompare(b.reference);
  };
  return items
    .filter((item) => !query.readiness || item.readiness.status === query.readiness)
    .filter((item) => query.owner === undefined || query.owner === '' || query.owner === 'anyone' || (query.owner === 'none' ? !item.details.owner : item.details.owner === query.owner))
    .filter((item) => matches(query.q, [item.reference, item.name, item.details.supplier, item.details.location, item.details.establishment, item.details.owner]))
    .sort(order);
}
