import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { MoneySpreadsheetsHttpController } from './commands/money/money-spreadsheets';
import { MoneyQueryHttpController } from './queries/money.http.controller';
import { ReadinessModule } from '../readiness/readiness.module';
import { CostModelAgreementHttpController, MoneyHandler, MoneyHttpController } from './commands/money/money';
import { SetBudgetEnvelopeHttpController } from './commands/set-budget-envelope/set-budget-envelope.http.controller';
import { SetBudgetEnvelopeHandler } from './commands/set-budget-envelope/set-budget-envelope.handler';
import { SetBuyBackBudgetHttpController } from './commands/set-buy-back-budget/set-buy-back-budget.http.controller';
import { SetBuyBackBudgetHandler } from './commands/set-buy-back-budget/set-buy-back-budget.handler';

@Module({
  imports: [CqrsModule, ReadinessModule],
  controllers: [SetBuyBackBudgetHttpController, SetBudgetEnvelopeHttpController, MoneyHttpController, CostModelAgreementHttpController, MoneyQueryHttpController, MoneySpreadsheetsHttpController],
  providers: [SetBuyBackBudgetHandler, SetBudgetEnvelopeHandler, MoneyHandler],
})
export class BudgetsModule {}
