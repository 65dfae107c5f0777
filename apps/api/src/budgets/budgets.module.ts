import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RecordCostModelLineHttpController } from './commands/record-cost-model-line/record-cost-model-line.http.controller';
import { RecordCostModelLineHandler } from './commands/record-cost-model-line/record-cost-model-line.handler';
import { SetBudgetEnvelopeHttpController } from './commands/set-budget-envelope/set-budget-envelope.http.controller';
import { SetBudgetEnvelopeHandler } from './commands/set-budget-envelope/set-budget-envelope.handler';
import { SetBuyBackBudgetHttpController } from './commands/set-buy-back-budget/set-buy-back-budget.http.controller';
import { SetBuyBackBudgetHandler } from './commands/set-buy-back-budget/set-buy-back-budget.handler';

@Module({
  imports: [CqrsModule],
  controllers: [SetBuyBackBudgetHttpController, SetBudgetEnvelopeHttpController, RecordCostModelLineHttpController],
  providers: [SetBuyBackBudgetHandler, SetBudgetEnvelopeHandler, RecordCostModelLineHandler],
})
export class BudgetsModule {}
