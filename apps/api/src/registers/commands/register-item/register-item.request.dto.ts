import {
  ASSET_TYPES,
  AssetType,
  CONTRACT_MECHANISMS,
  ContractMechanism,
  DISMISSAL_PROPOSERS,
  DismissalProposer,
  GOVERNANCE_KINDS,
  GovernanceKind,
  ItemKind,
  OFSTED_REGISTRATION_TYPES,
  OfstedRegistrationType,
  PENSION_SCHEMES,
  PensionScheme,
  SLA_SERVICES,
  SYSTEM_CATEGORIES,
  SlaService,
  SystemCategory,
} from '@tracker/domain';
import { CalendarDate, Decimal, EffectiveAt, Money, NotBefore, OneOf, Text, TextList, WholeNumber, YesNo } from '../../../shared/validation';

/** What every register entry has: a reference unique within its register in the programme, and who sees it through by when. */
export abstract class ItemRequest {
  @Text(100, { description: 'the council’s own reference, unique within this register of the programme', example: 'NCC-0412' })
  reference!: string;

  @Text(200, { optional: true, description: 'who sees it through: a named person or team, e.g. "Council HR — payroll lead"', example: 'Council legal — contracts team' })
  owner?: string;

  @CalendarDate({ optional: true, description: 'the day the owner aims to have it done by; the rules’ own deadlines stand regardless', example: '2027-02-15' })
  targetDate?: string;

  @YesNo({ optional: true, description: 'needed on the first day of operation: the action plan picks these out' })
  neededOnDayOne?: boolean;

  @EffectiveAt()
  effectiveAt?: string;
}

export class ContractRequest extends ItemRequest {
  @Text(200, { example: 'Carefirst Ltd' })
  supplier!: string;

  @Text(200, { example: 'Case management system licences' })
  title!: string;

  @Money({ description: 'pounds a year' })
  annualValue!: number;

  @CalendarDate({ example: '2028-03-31' })
  expiryDate!: string;

  @OneOf(CONTRACT_MECHANISMS, { optional: true, description: 'how the contract moves to the new body, if already chosen' })
  mechanism?: ContractMechanism;

  @YesNo({ optional: true, description: 'whether the contract restricts assignment; only then does an assignment need the supplier’s consent (left out: assumed to)' })
  restrictsAssignment?: boolean;
}

export class SystemRequest extends ItemRequest {
  @Text(200, { example: 'Mosaic' })
  name!: string;

  @OneOf(SYSTEM_CATEGORIES)
  category!: SystemCategory;

  @Text(200, { optional: true, example: 'Servelec' })
  supplier?: string;

  @YesNo({ description: 'whether data moves out of the council’s system' })
  migrationNeeded!: boolean;
}

export class ProcessRequest extends ItemRequest {
  @Text(200, { example: 'Payments to foster carers' })
  name!: string;

  @Text(2000, { optional: true })
  description?: string;
}

export class AssetRequest extends ItemRequest {
  @Text(200, { example: 'Lodge House' })
  name!: string;

  @OneOf(ASSET_TYPES)
  assetType!: AssetType;

  @Text(200, { example: 'Northtown' })
  location!: string;

  @Money({ optional: true, description: 'pounds' })
  value?: number;
}

export class SlaRequest extends ItemRequest {
  @OneOf(SLA_SERVICES)
  service!: SlaService;

  @TextList({ min: 1, max: 30, maxLength: 500, noun: 'KPI', example: ['Payroll paid on time 99.5%'] })
  kpis!: string[];

  @Money({ description: 'pounds a year' })
  annualPrice!: number;

  @WholeNumber(1, 120, { description: 'months', example: 36 })
  termMonths!: number;
}

/** Staff are counted, never named. */
export class StaffGroupRequest extends ItemRequest {
  @Text(200, { example: 'Fostering and adoption' })
  team!: string;

  @WholeNumber(0, 100000)
  headcount!: number;

  @Decimal(0, 100000, { description: 'full-time equivalent' })
  fte!: number;

  @OneOf(PENSION_SCHEMES)
  pensionScheme!: PensionScheme;

  @WholeNumber(0, 100000, { optional: true, description: 'redundancies proposed, if any (TULRCA 1992 s.188)' })
  redundanciesProposed?: number;

  @YesNo({ optional: true, description: 'whether measures are envisaged for the group, so consultation is owed (TUPE 2006 reg. 13(6)); left out: taken as envisaged' })
  measuresEnvisaged?: boolean;

  @Text(200, { optional: true, example: 'Sandwell Council House, Oldbury', description: 'where the group works: TULRCA 1992 s.188 counts proposed dismissals per establishment, across groups' })
  establishment?: string;

  @CalendarDate({ optional: true, example: '2018-01-08', description: 'the day the dismissals were proposed' })
  dismissalsProposedOn?: string;

  @CalendarDate({ optional: true, example: '2018-06-30', description: 'the day the first dismissal takes effect: s.188 and s.193 lead times count back from it; not before dismissalsProposedOn' })
  @NotBefore('dismissalsProposedOn', 'the day the dismissals were proposed')
  firstDismissalDate?: string;

  @OneOf(DISMISSAL_PROPOSERS, { optional: true, description: 'who proposes the dismissals: the council, or the trust (then s.198A pre-transfer consultation)' })
  dismissalsProposedBy?: DismissalProposer;
}

export class GovernanceItemRequest extends ItemRequest {
  @OneOf(GOVERNANCE_KINDS)
  governanceKind!: GovernanceKind;

  @Text(200, { example: 'Services contract between council and trust' })
  title!: string;

  @CalendarDate({
    optional: true,
    example: '2017-09-01',
    description: 'Teckal: the day the procurement relying on the exemption began; before 24 February 2025 the Public Contracts Regulations 2015 apply, from then the Procurement Act 2023 (left out: judged by the go-live date)',
  })
  procurementBegunOn?: string;

  @OneOf(OFSTED_REGISTRATION_TYPES, {
    requiredWhen: (request: { governanceKind?: string }) => request.governanceKind === 'ofsted-registration',
    description: 'what Ofsted registers, with governanceKind ofsted-registration: one item per registration (Care Standards Act 2000 s.11)',
  })
  registrationType?: OfstedRegistrationType;

  @Text(200, { optional: true, example: 'Northtown children’s home', description: 'Ofsted: the home’s or agency’s name (never a person’s)' })
  establishmentName?: string;
}

/** The request each kind of item is registered with, for callers that pick the kind at run time (the pages). */
export const ITEM_REQUESTS: Readonly<Record<ItemKind, new () => ItemRequest>> = {
  contract: ContractRequest,
  system: SystemRequest,
  process: ProcessRequest,
  asset: AssetRequest,
  sla: SlaRequest,
  'staff-group': StaffGroupRequest,
  'governance-item': GovernanceItemRequest,
};
