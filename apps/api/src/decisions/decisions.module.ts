import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { RecordConditionMetHandler } from './commands/record-condition-met/record-condition-met.handler';
import { RecordConditionMetHttpController } from './commands/record-condition-met/record-condition-met.http.controller';
import { RecordDecisionHttpController } from './commands/record-decision/record-decision.http.controller';
import { RecordDecisionHandler } from './commands/record-decision/record-decision.handler';
import { DecisionLog } from './queries/decision-log/decision-log';
import { DecisionLogHttpController } from './queries/decision-log/decision-log.http.controller';

/**
 * The board's decisions and their log. The pack as tabled is printed by whichever module provides
 * BOARD_PACK_TABLER (the web module), looked up at run time so this module never imports the pages.
 */
@Module({
  imports: [CqrsModule, AuditModule],
  controllers: [RecordDecisionHttpController, RecordConditionMetHttpController, DecisionLogHttpController],
  providers: [RecordDecisionHandler, RecordConditionMetHandler, DecisionLog],
  exports: [DecisionLog],
})
export class DecisionsModule {}
