import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsUUID } from 'class-validator';
import { EffectiveAt, Money, Text } from '../../../shared/validation';
import { FinancialYear } from '../../financial-year.validation';

export class SetBuyBackBudgetRequest {
  @ApiProperty({ type: String, format: 'uuid', description: 'the SLA register item the budget is for' })
  @IsDefined({ message: 'is required' })
  @IsUUID('all', { message: 'must be the id of a service level agreement' })
  slaId!: string;

  @FinancialYear()
  financialYear!: string;

  @Money({ description: 'what the trust budgets to pay the council for this service in that year', example: 85000 })
  amount!: number;

  @Text(500, { optional: true, description: 'why the budget may be below the SLA’s annual price (a service bought back for part of the year, a discount agreed)' })
  belowPriceReason?: string;

  @EffectiveAt()
  effectiveAt?: string;
}
