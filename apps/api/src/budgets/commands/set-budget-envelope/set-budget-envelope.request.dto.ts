import { EffectiveAt, Money } from '../../../shared/validation';
import { FinancialYear } from '../../financial-year.validation';

export class SetBudgetEnvelopeRequest {
  @FinancialYear()
  financialYear!: string;

  @Money({ description: 'the trust’s approved budget for that year: the buy-back total must fit inside it', example: 4200000 })
  amount!: number;

  @EffectiveAt()
  effectiveAt?: string;
}
