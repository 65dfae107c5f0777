import { OmitType, PartialType } from '@nestjs/swagger';
import {
  AssetRequest,
  ContractRequest,
  GovernanceItemRequest,
  ProcessRequest,
  SlaRequest,
  StaffGroupRequest,
  SystemRequest,
} from '../register-item/register-item.request.dto';

/* The same fields as registering, each optional; the reference never changes. A null is checked, not taken for "left out". */
const KEEP_NULLS = { skipNullProperties: false };

export class AmendContractRequest extends PartialType(OmitType(ContractRequest, ['reference']), KEEP_NULLS) {}
export class AmendSystemRequest extends PartialType(OmitType(SystemRequest, ['reference']), KEEP_NULLS) {}
export class AmendProcessRequest extends PartialType(OmitType(ProcessRequest, ['reference']), KEEP_NULLS) {}
export class AmendAssetRequest extends PartialType(OmitType(AssetRequest, ['reference']), KEEP_NULLS) {}
export class AmendSlaRequest extends PartialType(OmitType(SlaRequest, ['reference']), KEEP_NULLS) {}
export class AmendStaffGroupRequest extends PartialType(OmitType(StaffGroupRequest, ['reference']), KEEP_NULLS) {}
export class AmendGovernanceItemRequest extends PartialType(OmitType(GovernanceItemRequest, ['reference']), KEEP_NULLS) {}
