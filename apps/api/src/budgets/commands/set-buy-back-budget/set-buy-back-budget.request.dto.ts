import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsUUID } from 'class-validator';
import { EffectiveAt, Money } from '../../../shared/validation';
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

  @EffectiveAt()
  effectiveAt?: string;
}
