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

/* The same fields as registering, each optional; the reference never changes. */
export class AmendContractRequest extends PartialType(OmitType(ContractRequest, ['reference'])) {}
export class AmendSystemRequest extends PartialType(OmitType(SystemRequest, ['reference'])) {}
export class AmendProcessRequest extends PartialType(OmitType(ProcessRequest, ['reference'])) {}
export class AmendAssetRequest extends PartialType(OmitType(AssetRequest, ['reference'])) {}
export class AmendSlaRequest extends PartialType(OmitType(SlaRequest, ['reference'])) {}
export class AmendStaffGroupRequest extends PartialType(OmitType(StaffGroupRequest, ['reference'])) {}
export class AmendGovernanceItemRequest extends PartialType(OmitType(GovernanceItemRequest, ['reference'])) {}
