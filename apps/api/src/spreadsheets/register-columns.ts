import { ItemKind, REGISTER_OF_KIND } from '@tracker/domain';
import { Field } from '../shared/forms';
import { ITEM_FIELDS } from '../registers/item-fields';

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
  mechanism: ['transfer mechanism', 'transfer route', 'how it moves', 'route', 'proposed route', 'treatment', 'mechanism', 'approach', 'proposed treatment'],
  restrictsAssignment: ['restricts assignment', 'assignment restricted', 'restriction on assignment', 'assignment restriction', 'consent to assign needed'],
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
  measuresEnvisaged: ['measures envisaged', 'measures proposed', 'tupe measures', 'measures'],
  establishment: ['workplace', 'work base', 'base', 'site', 'office'],
  dismissalsProposedOn: ['dismissals proposed', 'date dismissals proposed', 'redundancies proposed on', 'proposal date'],
  firstDismissalDate: ['first dismissal', 'first dismissal date', 'dismissal date', 'redundancy date', 'first redundancy date'],
  dismissalsProposedBy: ['proposed by', 'dismissals proposed by', 'redundancies proposed by'],
  governanceKind: ['kind', 'type', 'governance kind', 'document type'],
  procurementBegunOn: ['procurement began', 'procurement begun', 'procurement start', 'procurement start date', 'procurement commenced'],
  registrationType: ['registration type', 'ofsted type', 'ofsted registration', 'registration'],
  establishmentName: ['establishment', 'establishment name', 'home name', 'setting', 'setting name'],
  owner: ['owner', 'lead', 'responsible', 'responsible officer', 'action owner', 'accountable'],
  targetDate: ['target', 'target date', 'due', 'due date', 'deadline', 'date due'],
  neededOnDayOne: ['day one', 'needed on day one', 'day 1', 'critical day one', 'day one critical'],
};

/**
 * Words councils write in a column, by field, for the code they mean; compared normalised (see
 * `headerKey`), so case, hyphens and "&" do not matter: "Council retains & recharges" → council-retains.
 */
const VALUE_WORDS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  mechanism: {
    novate: ['novation', 'novate', 'novated', 'to be novated'],
    assign: ['assignment', 'assign', 'assigned', 'to be assigned'],
    'new-contract': ['re procure', 'reprocure', 're procurement', 'reprocurement', 'new contract', 'procure new', 'retender', 're tender'],
    'council-retains': ['council retains recharges', 'council retains and recharges', 'retain and recharge', 'retain recharge', 'council keeps', 'council retains', 'council keeps and recharges'],
    // Not "let lapse": a contract left to lapse needs no notice, so it is an expiry decision, not this route.
    terminate: ['terminate', 'terminate at expiry', 'end', 'termination', 'terminated', 'cease'],
  },
};

/** The code a council's word names for a field ("Re-procure" → new-contract), or undefined when it names none. */
export function codeForWord(field: string, text: string): string | undefined {
  const key = headerKey(text);
  const words = VALUE_WORDS[field] ?? {};
  return Object.keys(words).find((code) => words[code].includes(key));
}

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
