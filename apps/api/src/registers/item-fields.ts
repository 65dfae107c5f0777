import {
  ASSET_TRANSFER_MECHANISMS,
  ASSET_TYPES,
  BOND_DECISIONS,
  CONTRACT_EXPIRY_DECISIONS,
  CONTRACT_MECHANISMS,
  CONTRACT_SERVICE_COVER,
  DISMISSAL_PROPOSERS,
  GOVERNANCE_KINDS,
  ItemKind,
  OFSTED_REGISTRATION_TYPES,
  PENSION_SCHEMES,
  SLA_SERVICES,
  SOURCING_OPTIONS,
  SYSTEM_CATEGORIES,
} from '@tracker/domain';
import { ITEM_REQUESTS, ItemRequest } from './commands/register-item/register-item.request.dto';
import { PROGRESS_REQUESTS, ProgressRequest, STEP_FIELDS } from './commands/record-item-progress/record-item-progress.request.dto';
import { CorrectItemStepRequest, WithdrawItemStepRequest } from './commands/correct-item-step/correct-item-step.request.dto';
import { IsUrl, Matches } from 'class-validator';
import { Text } from '../shared/validation';
import type { StepEvidenceRequest } from './step-evidence.request.dto';
import { Field, FormSpec, choicesOf } from '../shared/forms';

const reference: Field = { kind: 'text', name: 'reference', label: 'Reference', hint: 'The council’s own reference, unique in this register' };
const when: Field = { kind: 'date', name: 'effectiveAt', label: 'When it happened (optional)', hint: 'Leave empty for today. For example, 2 11 2026' };

/** Who sees an item through and by when: the last two fields of every register's entry. */
const OWNERSHIP: readonly Field[] = [
  { kind: 'text', name: 'owner', label: 'Owner (optional)', hint: 'Who sees it through: a named person or team, for example Council HR — payroll lead' },
  { kind: 'date', name: 'targetDate', label: 'Target date (optional)', hint: 'When the owner aims to have it done. The rules’ own deadlines stand regardless. For example, 15 2 2027' },
  { kind: 'yes-no', name: 'neededOnDayOne', label: 'Needed on day one? (optional)', hint: 'Something the new body cannot open its doors without: the action plan picks these out' },
];

/** The fields of each register's entry, in the order a register lists them. */
export const ITEM_FIELDS: Readonly<Record<ItemKind, readonly Field[]>> = withOwnership({
  contract: [
    reference,
    { kind: 'text', name: 'supplier', label: 'Supplier' },
    { kind: 'text', name: 'title', label: 'What the contract is for' },
    { kind: 'money', name: 'annualValue', label: 'Annual value', hint: 'In pounds a year, for example 125,000' },
    { kind: 'date', name: 'expiryDate', label: 'Expiry date' },
    { kind: 'select', name: 'mechanism', label: 'How it moves to the new body (optional)', empty: 'Not chosen yet', choices: choicesOf(CONTRACT_MECHANISMS) },
    {
      kind: 'yes-no',
      name: 'restrictsAssignment',
      label: 'Restricts assignment (optional)',
      hint: 'Whether the contract restricts assignment: only then does assigning it need the supplier’s consent. Left unanswered, the tracker assumes it does',
    },
  ],
  system: [
    reference,
    { kind: 'text', name: 'name', label: 'Name', hint: 'For example, Mosaic' },
    { kind: 'select', name: 'category', label: 'Category', choices: choicesOf(SYSTEM_CATEGORIES) },
    { kind: 'text', name: 'supplier', label: 'Supplier (optional)' },
    { kind: 'yes-no', name: 'migrationNeeded', label: 'Does data move out of the council’s system?', missing: 'Select yes if data moves out of the council’s system' },
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
    {
      kind: 'yes-no',
      name: 'measuresEnvisaged',
      label: 'Are measures envisaged for this group? (optional)',
      hint: 'Then its representatives must be consulted (TUPE 2006 reg. 13(6)). Left unanswered, the tracker assumes they are',
    },
    { kind: 'text', name: 'establishment', label: 'Establishment (optional)', hint: 'Where the group works. Dismissals are counted per establishment across groups (TULRCA 1992 s.188)' },
    { kind: 'date', name: 'dismissalsProposedOn', label: 'Dismissals proposed on (optional)' },
    { kind: 'date', name: 'firstDismissalDate', label: 'First dismissal takes effect on (optional)', hint: 'Collective consultation and the HR1 are due 30 or 45 days before it' },
    { kind: 'select', name: 'dismissalsProposedBy', label: 'Dismissals proposed by (optional)', empty: 'None proposed', choices: choicesOf(DISMISSAL_PROPOSERS) },
  ],
  'governance-item': [
    reference,
    { kind: 'select', name: 'governanceKind', label: 'Kind', choices: choicesOf(GOVERNANCE_KINDS) },
    { kind: 'text', name: 'title', label: 'Title' },
    {
      kind: 'date',
      name: 'procurementBegunOn',
      label: 'Teckal: when the procurement began (optional)',
      hint: 'Decides the law: before 24 February 2025 the Public Contracts Regulations 2015, from then the Procurement Act 2023. Leave empty to judge by the go-live date',
    },
    { kind: 'select', name: 'registrationType', label: 'Ofsted registration type (optional)', hint: 'Needed for an Ofsted registration, one item for each; leave empty for other kinds', empty: 'Not an Ofsted registration', choices: choicesOf(OFSTED_REGISTRATION_TYPES) },
    { kind: 'text', name: 'establishmentName', label: 'Ofsted: the home’s or agency’s name (optional)', hint: 'For example, Northtown children’s home. Never a person’s name' },
  ],
});

function withOwnership(fields: Record<ItemKind, readonly Field[]>): Record<ItemKind, readonly Field[]> {
  const all = { ...fields };
  for (const kind of Object.keys(all) as ItemKind[]) all[kind] = [...all[kind], ...OWNERSHIP];
  return all;
}

/** The form to register an item of a kind, checked by the API's request for that kind. */
export function registrationForm(kind: ItemKind): FormSpec<ItemRequest> {
  return { fields: ITEM_FIELDS[kind], request: ITEM_REQUESTS[kind] };
}

/** The fields a step records, by the request's field name; a mechanism's choices depend on what moves. */
function stepField(kind: ItemKind, name: string, step?: string): Field {
  switch (name) {
    case 'mechanism':
      return { kind: 'radios', name, label: 'Mechanism', choices: choicesOf(kind === 'asset' ? ASSET_TRANSFER_MECHANISMS : CONTRACT_MECHANISMS) };
    case 'option':
      return { kind: 'radios', name, label: 'Sourcing option', choices: choicesOf(SOURCING_OPTIONS) };
    case 'endDate':
      return step === 'notice-served' ? { kind: 'date', name, label: 'When the contract ends', hint: 'The end date the notice gives' } : { kind: 'date', name, label: 'End of the interim arrangement' };
    case 'startDate':
      return { kind: 'date', name, label: 'When the replacement contract starts', hint: 'No later than go-live, or the service has a gap' };
    case 'cover':
      return {
        kind: 'radios',
        name,
        label: 'The service once the contract ends',
        choices: [
          { value: 'not-needed-from-day-one', text: 'Not needed from day one' },
          { value: 'covered-another-way', text: 'Covered another way' },
        ] satisfies { value: (typeof CONTRACT_SERVICE_COVER)[number]; text: string }[],
      };
    case 'note':
      return { kind: 'textarea', name, label: 'How it is covered (if covered another way)' };
    case 'slaReference':
      return { kind: 'text', name, label: 'The SLA that covers the recharge (optional)', hint: 'Its reference, for example SLA-HR' };
    case 'decision':
      return step === 'bond-decision-recorded'
        ? { kind: 'radios', name, label: 'What secures the pension fund', choices: choicesOf(BOND_DECISIONS) }
        : {
            kind: 'radios',
            name,
            label: 'Decision on expiry',
            choices: [
              { value: 'extend', text: 'Extend' },
              { value: 're-procure', text: 'Re-procure' },
              { value: 'let-lapse', text: 'Let it lapse' },
            ] satisfies { value: (typeof CONTRACT_EXPIRY_DECISIONS)[number]; text: string }[],
          };
    case 'newExpiryDate':
      return { kind: 'date', name, label: 'New expiry date (if extended)', hint: 'After go-live' };
    case 'owner':
      return { kind: 'text', name, label: 'Owner', hint: 'Their role in the trust' };
    case 'suitable':
      return { kind: 'yes-no', name, label: 'Is the SLA suitable?', missing: 'Select yes if the SLA is suitable' };
    case 'reasons':
      return { kind: 'textarea', name, label: step === 'bond-decision-recorded' ? 'Reasons for the decision' : 'Reasons for the recommendation' };
    case 'headcount':
      return { kind: 'number', name, label: 'Headcount at transfer' };
    case 'reason':
      return { kind: 'textarea', name, label: 'Why the confirmed headcount differs from the registered one', hint: 'For example, two leavers and one starter since the register was drawn up' };
    case 'basis':
      return { kind: 'text', name, label: 'Legal basis of the admission', hint: 'The LGPS Regulations 2013 Sch. 2 Part 3 provision, for example Sch. 2 Part 3 para 1(d)(iii)' };
    case 'signedByTrustOn':
      return { kind: 'date', name, label: 'Signed by the trust on' };
    case 'signedByCouncilOn':
      return { kind: 'date', name, label: 'Signed by the council on' };
    case 'signedByFundOn':
      return { kind: 'date', name, label: 'Signed by the pension fund on' };
    case 'effectiveDate':
      return { kind: 'date', name, label: 'Effective from', hint: 'The day the admission takes effect, often the transfer date' };
    case 'by':
      return { kind: 'text', name, label: 'Signed off by', hint: 'For example, Trust Board' };
    case 'financialYear':
      return { kind: 'text', name, label: 'Financial year', hint: 'April to March, for example 2018-19' };
    case 'activitySharePercent':
      return { kind: 'number', name, label: 'Share of the trust’s activity carried out for the council (%)', hint: 'For example, 92.5' };
    case 'councilControl':
      return { kind: 'yes-no', name, label: 'Does the council control the trust as it would its own department?', missing: 'Select yes if the council controls the trust as it would its own department' };
    case 'privateCapital':
      return { kind: 'yes-no', name, label: 'Is there any private capital in the trust?', missing: 'Select yes if there is any private capital in the trust' };
    case 'facilityAmount':
      return { kind: 'money', name, label: 'Working-capital facility', hint: 'In pounds, for example 2,000,000' };
    case 'lender':
      return { kind: 'text', name, label: 'Lender', hint: 'For example, the council' };
    case 'repaymentTerms':
      return { kind: 'textarea', name, label: 'Repayment terms' };
    default:
      throw new Error(`No form field for the step field ${name}`);
  }
}

/** The form to record one step: the fields it records, and when it happened. */
export function stepForm(kind: ItemKind, step: string): FormSpec<ProgressRequest> {
  return { fields: [...(STEP_FIELDS[step] ?? []).map((name) => stepField(kind, name, step)), when], request: PROGRESS_REQUESTS[kind] };
}

const withdrawalReason: Field = { kind: 'textarea', name: 'reason', label: 'Why is it withdrawn?', missing: 'Enter why the step is withdrawn', hint: 'What was wrong with it. The step stays in the history with this reason; nothing is deleted' };
const correctionReason: Field = { kind: 'textarea', name: 'reason', label: 'What was wrong?', missing: 'Enter what was wrong with the step', hint: 'The original stays in the history, withdrawn with this reason, beside the corrected step' };
const correctedWhen: Field = { kind: 'date', name: 'effectiveAt', label: 'When it happened (optional)', hint: 'Leave empty to keep the day recorded. For example, 2 11 2026' };

/** The form to withdraw a step recorded by mistake: only the reason. */
export function stepWithdrawalForm(): FormSpec<WithdrawItemStepRequest> {
  return { fields: [withdrawalReason], request: WithdrawItemStepRequest };
}

/** The form to correct a step: the reason, the step's own fields as they should have been, and its day if that was wrong. */
export function stepCorrectionForm(kind: ItemKind, step: string): FormSpec<CorrectItemStepRequest> {
  return { fields: [correctionReason, ...(STEP_FIELDS[step] ?? []).map((name) => stepField(kind, name, step)), correctedWhen], request: CorrectItemStepRequest };
}

/** The evidence a step page takes: one document, by what it is and a link and/or its SHA-256. */
const EVIDENCE_FIELDS: readonly Field[] = [
  { kind: 'text', name: 'evidenceTitle', label: 'Evidence: what the document is', missing: 'Enter what the document is', hint: 'Needed with a link or a document, empty when there is none. For example, Deed of novation, council signature page' },
  { kind: 'text', name: 'evidenceLink', label: 'Link to the document (optional)', hint: 'Where it is kept, starting https://' },
  { kind: 'text', name: 'evidenceSha256', label: 'SHA-256 of the document (optional)', hint: 'The hash of a copy kept elsewhere, as 64 characters; left empty when you upload the document' },
  { kind: 'file', name: 'evidenceFile', label: 'Upload the document (optional)', hint: `Kept in the tracker by its SHA-256 and shown to this programme’s members only` },
];

const pageRequests = new Map<ItemKind, new () => ProgressRequest>();

/**
 * The request a step page is checked with: the API's, plus the evidence fields of the page, each
 * named as the page names it so that a problem points at its own control.
 */
function stepPageRequest(kind: ItemKind): new () => ProgressRequest {
  const known = pageRequests.get(kind);
  if (known) return known;
  type Evidence = { evidenceTitle?: string; evidenceLink?: string; evidenceSha256?: string };
  class StepPageRequest extends PROGRESS_REQUESTS[kind] {
    @Text(200, { requiredWhen: (r: Evidence) => r.evidenceLink !== undefined || r.evidenceSha256 !== undefined, description: 'what the document is' })
    evidenceTitle?: string;

    @Text(2000, { requiredWhen: (r: Evidence) => r.evidenceTitle !== undefined && r.evidenceSha256 === undefined, description: 'where it is kept' })
    @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be a web address starting http:// or https://' })
    evidenceLink?: string;

    @Text(64, { optional: true })
    @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be a SHA-256 hash written as 64 hexadecimal characters' })
    evidenceSha256?: string;
  }
  pageRequests.set(kind, StepPageRequest);
  return StepPageRequest;
}

/** The page to record one step: the step's form, and the evidence behind it. */
export function stepPageForm(kind: ItemKind, step: string): FormSpec<ProgressRequest> {
  const form = stepForm(kind, step);
  return { fields: [...form.fields, ...EVIDENCE_FIELDS], request: stepPageRequest(kind) };
}

/** A step page's answers as the API's request: the evidence fields become the step's `evidence`. */
export function withStepEvidence(body: { step: string; effectiveAt?: string }): { step: string; effectiveAt?: string; evidence?: StepEvidenceRequest[] } {
  const { evidenceTitle, evidenceLink, evidenceSha256, ...rest } = body as typeof body & { evidenceTitle?: string; evidenceLink?: string; evidenceSha256?: string };
  if (evidenceTitle === undefined) return rest;
  const evidence = [{ title: evidenceTitle, ...(evidenceLink === undefined ? {} : { link: evidenceLink }), ...(evidenceSha256 === undefined ? {} : { sha256: evidenceSha256.toLowerCase() }) }];
  return { ...rest, evidence };
}
