import {
  ASSET_TRANSFER_MECHANISMS,
  ASSET_TYPES,
  CONTRACT_MECHANISMS,
  GOVERNANCE_KINDS,
  ItemKind,
  PENSION_SCHEMES,
  SLA_SERVICES,
  SOURCING_OPTIONS,
  SYSTEM_CATEGORIES,
} from '@tracker/domain';
import { ITEM_REQUESTS, ItemRequest } from '../registers/commands/register-item/register-item.request.dto';
import { PROGRESS_REQUESTS, ProgressRequest, STEP_FIELDS } from '../registers/commands/record-item-progress/record-item-progress.request.dto';
import { Field, FormSpec, choicesOf } from './forms';

const reference: Field = { kind: 'text', name: 'reference', label: 'Reference', hint: 'The council’s own reference, unique in this register' };
const when: Field = { kind: 'date', name: 'effectiveAt', label: 'When it happened (optional)', hint: 'Leave empty for today. For example, 2026-11-02' };

/** The fields of each register's entry, in the order a register lists them. */
export const ITEM_FIELDS: Readonly<Record<ItemKind, readonly Field[]>> = {
  contract: [
    reference,
    { kind: 'text', name: 'supplier', label: 'Supplier' },
    { kind: 'text', name: 'title', label: 'What the contract is for' },
    { kind: 'money', name: 'annualValue', label: 'Annual value', hint: 'In pounds a year, for example 125,000' },
    { kind: 'date', name: 'expiryDate', label: 'Expiry date' },
    { kind: 'select', name: 'mechanism', label: 'How it moves to the new body (optional)', empty: 'Not chosen yet', choices: choicesOf(CONTRACT_MECHANISMS) },
  ],
  system: [
    reference,
    { kind: 'text', name: 'name', label: 'Name', hint: 'For example, Mosaic' },
    { kind: 'select', name: 'category', label: 'Category', choices: choicesOf(SYSTEM_CATEGORIES) },
    { kind: 'text', name: 'supplier', label: 'Supplier (optional)' },
    { kind: 'yes-no', name: 'migrationNeeded', label: 'Does data move out of the council’s system?' },
  ],
  process: [reference, { kind: 'text', name: 'name', label: 'Name' }, { kind: 'textarea', name: 'description', label: 'Description (optional)' }],
  asset: [
    reference,
    { kind: 'text', name: 'name', label: 'Name' },
    { kind: 'select', name: 'assetType', label: 'Type', choices: choicesOf(ASSET_TYPES) },
    { kind: 'text', name: 'location', label: 'Location' },
    { kind: 'money', name: 'value', label: 'Value (optional)', hint: 'In pounds' },
  ],
  sla: [
    reference,
    { kind: 'select', name: 'service', label: 'Service bought back', choices: choicesOf(SLA_SERVICES) },
    { kind: 'lines', name: 'kpis', label: 'KPIs', hint: 'One on each line, for example “Payroll paid on time 99.5%”' },
    { kind: 'money', name: 'annualPrice', label: 'Annual price', hint: 'In pounds a year' },
    { kind: 'number', name: 'termMonths', label: 'Term in months', hint: 'For example, 36' },
  ],
  'staff-group': [
    reference,
    { kind: 'text', name: 'team', label: 'Team' },
    { kind: 'number', name: 'headcount', label: 'Headcount' },
    { kind: 'number', name: 'fte', label: 'Full-time equivalent' },
    { kind: 'select', name: 'pensionScheme', label: 'Pension scheme', choices: choicesOf(PENSION_SCHEMES) },
    { kind: 'number', name: 'redundanciesProposed', label: 'Redundancies proposed (optional)' },
  ],
  'governance-item': [reference, { kind: 'select', name: 'governanceKind', label: 'Kind', choices: choicesOf(GOVERNANCE_KINDS) }, { kind: 'text', name: 'title', label: 'Title' }],
};

/** The form to register an item of a kind, checked by the API's request for that kind. */
export function registrationForm(kind: ItemKind): FormSpec<ItemRequest> {
  return { fields: ITEM_FIELDS[kind], request: ITEM_REQUESTS[kind] };
}

/** The fields a step records, by the request's field name; a mechanism's choices depend on what moves. */
function stepField(kind: ItemKind, name: string): Field {
  switch (name) {
    case 'mechanism':
      return { kind: 'radios', name, label: 'Mechanism', choices: choicesOf(kind === 'asset' ? ASSET_TRANSFER_MECHANISMS : CONTRACT_MECHANISMS) };
    case 'option':
      return { kind: 'radios', name, label: 'Sourcing option', choices: choicesOf(SOURCING_OPTIONS) };
    case 'endDate':
      return { kind: 'date', name, label: 'End of the interim arrangement' };
    case 'owner':
      return { kind: 'text', name, label: 'Owner', hint: 'Their role in the trust' };
    case 'suitable':
      return { kind: 'yes-no', name, label: 'Is the SLA suitable?' };
    case 'reasons':
      return { kind: 'textarea', name, label: 'Reasons for the recommendation' };
    case 'headcount':
      return { kind: 'number', name, label: 'Headcount at transfer' };
    case 'by':
      return { kind: 'text', name, label: 'Signed off by', hint: 'For example, Trust Board' };
    default:
      throw new Error(`No form field for the step field ${name}`);
  }
}

/** The form to record one step: the fields it records, and when it happened. */
export function stepForm(kind: ItemKind, step: string): FormSpec<ProgressRequest> {
  return { fields: [...(STEP_FIELDS[step] ?? []).map((name) => stepField(kind, name)), when], request: PROGRESS_REQUESTS[kind] };
}
