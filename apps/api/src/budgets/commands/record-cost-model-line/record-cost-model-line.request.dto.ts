import { COST_CATEGORIES, CostCategory } from '@tracker/domain';
import { EffectiveAt, Money, OneOf, Text } from '../../../shared/validation';
import { FinancialYear } from '../../financial-year.validation';

export class RecordCostModelLineRequest {
  /** The line's own stable name in the trust's cost model: sending the same reference again updates that line. */
  @Text(100, { description: 'the line’s stable reference in the cost model, e.g. CM-STAFF-01', example: 'CM-STAFF-01' })
  reference!: string;

  @FinancialYear()
  financialYear!: string;

  @OneOf(COST_CATEGORIES)
  category!: CostCategory;

  @Text(500, { description: 'what the line pays for' })
  description!: string;

  @Money()
  amount!: number;

  @EffectiveAt()
  effectiveAt?: string;
}
