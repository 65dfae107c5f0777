import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DecisionsModule } from '../decisions/decisions.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { Reminders } from './reminders';
import { RemindersAdminHttpController, SetRemindersHandler, SetRemindersHttpController } from './reminders.http.controller';

/** Email reminders of what people own, sent in the background through SMTP. */
@Module({
  imports: [CqrsModule, ReadinessModule, DecisionsModule],
  controllers: [SetRemindersHttpController, RemindersAdminHttpController],
  providers: [Reminders, SetRemindersHandler],
  exports: [Reminders],
})
export class RemindersModule {}
