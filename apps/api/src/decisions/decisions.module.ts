import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { RecordDecisionHttpController } from './commands/record-decision/record-decision.http.controller';
import { RecordDecisionHandler } from './commands/record-decision/record-decision.handler';

@Module({
  imports: [CqrsModule, AuditModule],
  controllers: [RecordDecisionHttpController],
  providers: [RecordDecisionHandler],
})
export class DecisionsModule {}
