import { ItemKind, REGISTER_OF_KIND } from '@tracker/domain';
import { Field } from '../web/forms';
import { ITEM_FIELDS } from '../web/item-forms';

/**
 * A register's columns in a spreadsheet: the fields its entries have (the same fields the
 * register's form asks for, in the same order), each under the header an export writes and the
 * other headers councils' own registers use for it.
 */
export interface Column {
  readonly field: Field;
  /** What an export writes: the form's label without "(optional)". */
  readonly header: string;
  readonly optional: boolean;
}

/** Headers councils use, by field, beyond the field's own label and name. Compared normalised (see `headerKey`). */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  reference: ['ref', 'ref no', 'reference number', 'number', 'no', 'id', 'code', 'our ref', 'council ref', 'council reference'],
  supplier: ['supplier name', 'vendor', 'vendor name', 'provider', 'contractor', 'company'],
  title: ['description', 'contract title', 'contract description', 'contract name', 'subject', 'what for', 'services'],
  annualValue: ['annual value', 'value per year', 'value pa', 'value per annum', 'annual cost', 'annual spend', 'yearly value', 'contract value', 'value'],
  expiryDate: ['expiry', 'expires', 'end date', 'end', 'contract end', 'contract end date', 'expiry date'],
  mechanism: ['transfer mechanism', 'transfer route', 'how it moves'],
  name: ['system name', 'application', 'asset name', 'process name', 'title'],
  category: ['system category', 'type', 'system type'],
  migrationNeeded: ['migration needed', 'migration', 'data migration', 'migration required', 'migrate data'],
  description: ['details', 'notes', 'summary'],
  assetType: ['type', 'asset type', 'category'],
  location: ['site', 'address', 'premises'],
  value: ['asset value', 'book value', 'valuation', 'value'],
  service: ['service bought back', 'function', 'sla service'],
  kpis: ['kpi', 'key performance indicators', 'measures', 'service levels', 'performance measures'],
  annualPrice: ['price', 'annual charge', 'charge', 'annual cost', 'price per year', 'price pa', 'cost pa', 'annual price'],
  termMonths: ['term', 'term months', 'duration', 'duration months', 'months', 'length of term'],
  team: ['team name', 'service area', 'staff group', 'group', 'service'],
  headcount: ['head count', 'number of staff', 'staff', 'employees', 'people'],
  fte: ['fte', 'wte', 'full time equivalent', 'whole time equivalent'],
  pensionScheme: ['pension', 'scheme', 'pension scheme'],
  redundanciesProposed: ['redundancies', 'proposed redundancies', 'redundancies proposed'],
  governanceKind: ['kind', 'type', 'governance kind', 'document type'],
};

/** The nouns a council puts before a header ("Contract Ref", "Asset Type"), by register. */
const NOUNS: Readonly<Record<ItemKind, readonly string[]>> = {
  contract: ['contract'],
  system: ['system'],
  process: ['process', 'business process'],
  asset: ['asset'],
  sla: ['sla'],
  'staff-group': ['staff group', 'group', 'staff'],
  'governance-item': ['governance item', 'governance', 'document'],
};

export function columnsOf(kind: ItemKind): Column[] {
  return ITEM_FIELDS[kind].map((field) => ({ field, header: field.label.replace(/\s*\(optional\)$/, ''), optional: /\(optional\)$/.test(field.label) }));
}

/** A header as compared: "Annual Value (£)" → "annual value", "Supplier’s name" → "suppliers name", "expiryDate" → "expiry date". */
export function headerKey(header: string): string {
  return header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\(optional\)/g, ' ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * The field a header names in a register, or undefined. Exact names win over synonyms, and a
 * header with the register's noun in front ("Contract Ref") is tried without it.
 */
export function fieldForHeader(kind: ItemKind, header: string): string | undefined {
  const key = headerKey(header);
  if (key === '') return undefined;
  const columns = columnsOf(kind);
  const exact = columns.find(({ field, header: label }) => headerKey(field.name) === key || headerKey(label) === key);
  if (exact) return exact.field.name;
  const synonym = (k: string) => columns.find(({ field }) => (SYNONYMS[field.name] ?? []).includes(k))?.field.name;
  const bare = NOUNS[kind].map((noun) => (key.startsWith(`${noun} `) ? key.slice(noun.length + 1) : undefined)).find((k) => k !== undefined);
  return synonym(key) ?? (bare === undefined ? undefined : (columns.find(({ field, header: label }) => headerKey(field.name) === bare || headerKey(label) === bare)?.field.name ?? synonym(bare)));
}

export const registerName = (kind: ItemKind): string => REGISTER_OF_KIND[kind];

/** The other headers a column is recognised by, for telling people what a file may call it. */
export function otherHeadersOf(kind: ItemKind, field: string): string[] {
  const nouns = NOUNS[kind];
  return [...(SYNONYMS[field] ?? []), ...(field === 'reference' ? nouns.map((noun) => `${noun} ref`) : [])].map((h) => h.charAt(0).toUpperCase() + h.slice(1));
}
