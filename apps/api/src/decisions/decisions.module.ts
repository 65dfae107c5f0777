import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { RecordDecisionHttpController } from './commands/record-decision/record-decision.http.controller';
import { RecordDecisionHandler } from './commands/record-decision/record-decision.handler';

@Module({
  imports: [CqrsModule],
  controllers: [RecordDecisionHttpController],
  providers: [RecordDecisionHandler],
})
export class DecisionsModule {}
