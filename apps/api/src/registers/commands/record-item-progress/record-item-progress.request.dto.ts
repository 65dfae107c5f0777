import {
  ASSET_TRANSFER_MECHANISMS,
  AssetTransferMechanism,
  BOARD_STEPS,
  CONTRACT_MECHANISMS,
  ContractMechanism,
  ItemKind,
  SOURCING_OPTIONS,
  SourcingOption,
  stepsOf,
} from '@tracker/domain';
import { CalendarDate, EffectiveAt, OneOf, Text, WholeNumber, YesNo } from '../../../shared/validation';

/** The steps an adviser records; the board's own steps come through decisions. */
export const adviserSteps = (kind: ItemKind) => stepsOf(kind).filter((step) => !BOARD_STEPS.has(step));
const onStep =
  (...steps: string[]) =>
  (request: { step?: string }) =>
    steps.includes(request.step ?? '');

export abstract class ProgressRequest {
  step!: string;

  @EffectiveAt()
  effectiveAt?: string;
}

export class ContractProgressRequest extends ProgressRequest {
  @OneOf(adviserSteps('contract'))
  declare step: string;

  @OneOf(CONTRACT_MECHANISMS, { requiredWhen: onStep('mechanism-chosen'), description: 'with step mechanism-chosen' })
  mechanism?: ContractMechanism;

  @CalendarDate({ requiredWhen: onStep('interim-arrangement-agreed'), description: 'with step interim-arrangement-agreed' })
  endDate?: string;
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
}

export class GovernanceItemProgressRequest extends ProgressRequest {
  @OneOf(adviserSteps('governance-item'))
  declare step: string;

  @Text(200, { requiredWhen: onStep('signed-off'), description: 'who signed it off, e.g. Trust Board' })
  by?: string;
}

/** Which request fields each step records. */
export const STEP_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'mechanism-chosen': ['mechanism'],
  'transfer-mechanism-chosen': ['mechanism'],
  'interim-arrangement-agreed': ['endDate'],
  'sourcing-option-chosen': ['option'],
  'owner-named': ['owner'],
  'recommendation-made': ['suitable', 'reasons'],
  'headcount-confirmed': ['headcount'],
  'signed-off': ['by'],
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
