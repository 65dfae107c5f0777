import {
  ASSET_TRANSFER_MECHANISMS,
  AssetTransferMechanism,
  BOARD_STEPS,
  BOND_DECISIONS,
  BondDecision,
  CONTRACT_EXPIRY_DECISIONS,
  CONTRACT_MECHANISMS,
  CONTRACT_SERVICE_COVER,
  ContractExpiryDecision,
  ContractMechanism,
  ContractServiceCover,
  GOVERNANCE_STEPS,
  GovernanceKind,
  ItemKind,
  SOURCING_OPTIONS,
  SourcingOption,
  stepsOf,
} from '@tracker/domain';
import { CalendarDate, Decimal, EffectiveAt, Money, OneOf, Text, WholeNumber, YesNo } from '../../../shared/validation';
import { FinancialYear } from '../../../budgets/financial-year.validation';
import { StepEvidenceList, StepEvidenceRequest } from '../../step-evidence.request.dto';

/**
 * The steps an adviser records; the board's own steps come through decisions. Given an item's details, only the
 * steps it can take: a governance item those of its governance kind (a page offers no step the domain would refuse).
 */
export const adviserSteps = (kind: ItemKind, details?: Readonly<Record<string, unknown>>) =>
  stepsOf(kind).filter(
    (step) => !BOARD_STEPS.has(step) && (kind !== 'governance-item' || details === undefined || (GOVERNANCE_STEPS[details.governanceKind as GovernanceKind] ?? ['signed-off']).includes(step as never)),
  );
const onStep =
  (...steps: string[]) =>
  (request: { step?: string }) =>
    steps.includes(request.step ?? '');

export abstract class ProgressRequest {
  step!: string;

  @EffectiveAt()
  effectiveAt?: string;

  @StepEvidenceList()
  evidence?: StepEvidenceRequest[];
}

export class ContractProgressRequest extends ProgressRequest {
  @OneOf(adviserSteps('contract'))
  declare step: string;

  @OneOf(CONTRACT_MECHANISMS, { requiredWhen: onStep('mechanism-chosen'), description: 'with step mechanism-chosen' })
  mechanism?: ContractMechanism;

  @CalendarDate({ requiredWhen: onStep('interim-arrangement-agreed', 'notice-served'), description: 'with step interim-arrangement-agreed (when it ends) or notice-served (when the contract ends)' })
  endDate?: string;

  @CalendarDate({ requiredWhen: onStep('replacement-contract-signed'), description: 'the day the replacement contract starts, with step replacement-contract-signed' })
  startDate?: string;

  @OneOf(CONTRACT_SERVICE_COVER, { requiredWhen: onStep('service-cover-confirmed'), description: 'what happens to the service once the contract ends, with step service-cover-confirmed' })
  cover?: ContractServiceCover;

  /** Required (by the domain) with cover covered-another-way; checked whenever it is sent. */
  @Text(2000, { optional: true, description: 'how the service is covered, with step service-cover-confirmed; required with cover covered-another-way' })
  note?: string;

  @Text(100, { optional: true, description: 'the SLA that covers the recharge, if there is one, with step recharge-agreement-signed', example: 'SLA-HR' })
  slaReference?: string;

  @OneOf(CONTRACT_EXPIRY_DECISIONS, { requiredWhen: onStep('expiry-decided'), description: 'what happens at expiry, with step expiry-decided' })
  decision?: ContractExpiryDecision;

  /** Required (by the domain) with decision extend, and after go-live; checked whenever it is sent. */
  @CalendarDate({ optional: true, description: 'the new expiry date, after go-live, with step expiry-decided and decision extend' })
  newExpiryDate?: string;
}

export class SystemProgressRequest extends ProgressRequest {
  @OneOf(adviserSteps('system'))
  declare step: string;

  @OneOf(SOURCING_OPTIONS, { requiredWhen: onStep('sourcing-option-chosen'), description: 'with step sourcing-option-chosen' })
  option?: SourcingOption;
}

export class ProcessProgressRequest extends ProgressRequest {
  @OneOf(adviserSteps('process'))
  declare step: string;

  @Text(200, { requiredWhen: onStep('owner-named'), description: 'the owner’s role in the trust, with step owner-named' })
  owner?: string;
}

export class AssetProgressRequest extends ProgressRequest {
  @OneOf(adviserSteps('asset'))
  declare step: string;

  @OneOf(ASSET_TRANSFER_MECHANISMS, { requiredWhen: onStep('transfer-mechanism-chosen'), description: 'with step transfer-mechanism-chosen' })
  mechanism?: AssetTransferMechanism;
}

export class SlaProgressRequest extends ProgressRequest {
  @OneOf(adviserSteps('sla'))
  declare step: string;

  @YesNo({ requiredWhen: onStep('recommendation-made'), description: 'the advisers’ view of its suitability, with step recommendation-made' })
  suitable?: boolean;

  @Text(5000, { requiredWhen: onStep('recommendation-made'), description: 'with step recommendation-made' })
  reasons?: string;

  @CalendarDate({ requiredWhen: onStep('interim-arrangement-agreed'), description: 'with step interim-arrangement-agreed' })
  endDate?: string;
}

export class StaffGroupProgressRequest extends ProgressRequest {
  @OneOf(adviserSteps('staff-group'))
  declare step: string;

  @WholeNumber(0, 100000, { requiredWhen: onStep('headcount-confirmed'), description: 'headcount at transfer, with step headcount-confirmed' })
  headcount?: number;

  @Text(2000, { requiredWhen: onStep('headcount-reconciled'), description: 'why the confirmed headcount differs from the registered one, with step headcount-reconciled' })
  reason?: string;

  @Text(200, {
    requiredWhen: onStep('lgps-legal-basis-recorded'),
    example: 'Sch. 2 Part 3 para 1(d)(iii)',
    description: 'the provision of LGPS Regulations 2013 Sch. 2 Part 3 the trust is admitted under, with step lgps-legal-basis-recorded',
  })
  basis?: string;

  @OneOf(BOND_DECISIONS, { requiredWhen: onStep('bond-decision-recorded'), description: 'what secures the fund (LGPS 2013 Sch. 2 Part 3), with step bond-decision-recorded' })
  decision?: BondDecision;

  @Text(5000, { requiredWhen: onStep('bond-decision-recorded'), description: 'why, with step bond-decision-recorded' })
  reasons?: string;

  // LGPS admission agreement: all three parties sign, and it takes effect on a day of its own (often backdated to the transfer).
  @CalendarDate({ requiredWhen: onStep('admission-agreement-signed'), description: 'the day the trust signed, with step admission-agreement-signed' })
  signedByTrustOn?: string;

  @CalendarDate({ requiredWhen: onStep('admission-agreement-signed'), description: 'the day the council signed, with step admission-agreement-signed' })
  signedByCouncilOn?: string;

  @CalendarDate({ requiredWhen: onStep('admission-agreement-signed'), description: 'the day the pension fund signed, with step admission-agreement-signed' })
  signedByFundOn?: string;

  @CalendarDate({ requiredWhen: onStep('admission-agreement-signed'), description: 'the day the admission takes effect, with step admission-agreement-signed' })
  effectiveDate?: string;
}

export class GovernanceItemProgressRequest extends ProgressRequest {
  @OneOf(adviserSteps('governance-item'))
  declare step: string;

  @Text(200, { requiredWhen: onStep('signed-off'), description: 'who signed it off, e.g. Trust Board' })
  by?: string;

  // Teckal, one financial year at a time (PCR 2015 reg. 12(1); Procurement Act 2023 Sch. 2 para. 2).
  @FinancialYear('the financial year the conditions are recorded for, written like 2018-19, with step teckal-conditions-recorded', {
    requiredWhen: onStep('teckal-conditions-recorded'),
  })
  financialYear?: string;

  /** Any share from 0 to 100 is recorded; 80% or less is for the rule to refuse, not the API. */
  @Decimal(0, 100, { requiredWhen: onStep('teckal-conditions-recorded'), description: 'the share of the trust’s activity carried out for the council, in per cent, with step teckal-conditions-recorded' })
  activitySharePercent?: number;

  @YesNo({ requiredWhen: onStep('teckal-conditions-recorded'), description: 'whether the council controls the trust as its own department, with step teckal-conditions-recorded' })
  councilControl?: boolean;

  @YesNo({ requiredWhen: onStep('teckal-conditions-recorded'), description: 'whether there is private capital in the trust, with step teckal-conditions-recorded' })
  privateCapital?: boolean;

  // Cash (DOMAIN rule 10).
  @Money({ requiredWhen: onStep('working-capital-recorded'), description: 'the working-capital facility in pounds, with step working-capital-recorded', example: 2000000 })
  facilityAmount?: number;

  @Text(200, { requiredWhen: onStep('working-capital-recorded'), description: 'who lends it, e.g. Northshire County Council, with step working-capital-recorded' })
  lender?: string;

  @Text(2000, { requiredWhen: onStep('working-capital-recorded'), description: 'how and when it is repaid, with step working-capital-recorded' })
  repaymentTerms?: string;
}

/** Which request fields each step records. */
export const STEP_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'mechanism-chosen': ['mechanism'],
  'transfer-mechanism-chosen': ['mechanism'],
  'interim-arrangement-agreed': ['endDate'],
  'notice-served': ['endDate'],
  'replacement-contract-signed': ['startDate'],
  'service-cover-confirmed': ['cover', 'note'],
  'recharge-agreement-signed': ['slaReference'],
  'expiry-decided': ['decision', 'newExpiryDate'],
  'sourcing-option-chosen': ['option'],
  'owner-named': ['owner'],
  'recommendation-made': ['suitable', 'reasons'],
  'headcount-confirmed': ['headcount'],
  'headcount-reconciled': ['reason'],
  'lgps-legal-basis-recorded': ['basis'],
  'bond-decision-recorded': ['decision', 'reasons'],
  'admission-agreement-signed': ['signedByTrustOn', 'signedByCouncilOn', 'signedByFundOn', 'effectiveDate'],
  'signed-off': ['by'],
  'teckal-conditions-recorded': ['financialYear', 'activitySharePercent', 'councilControl', 'privateCapital'],
  'working-capital-recorded': ['facilityAmount', 'lender', 'repaymentTerms'],
};

/** The request each kind of item records its steps with, for callers that pick the kind at run time (the pages). */
export const PROGRESS_REQUESTS: Readonly<Record<ItemKind, new () => ProgressRequest>> = {
  contract: ContractProgressRequest,
  system: SystemProgressRequest,
  process: ProcessProgressRequest,
  asset: AssetProgressRequest,
  sla: SlaProgressRequest,
  'staff-group': StaffGroupProgressRequest,
  'governance-item': GovernanceItemProgressRequest,
};
