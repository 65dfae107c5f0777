import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadinessModule } from '../readiness/readiness.module';
import { AssignStepOwnerHandler, AssignStepOwnerHttpController } from './commands/assign-step-owner/assign-step-owner';
import { AddDayOneChecklistHandler, AddDayOneChecklistHttpController } from './commands/add-day-one-checklist/add-day-one-checklist';
import { ListRegisterHttpController } from './queries/list-register/list-register.http.controller';
import { AmendItemHttpController } from './commands/amend-item/amend-item.http.controller';
import { AmendItemHandler } from './commands/amend-item/amend-item.handler';
import { CorrectItemStepHttpController } from './commands/correct-item-step/correct-item-step.http.controller';
import { WithdrawItemStepHandler } from './commands/correct-item-step/correct-item-step';
import { RecordItemProgressHttpController } from './commands/record-item-progress/record-item-progress.http.controller';
import { RecordItemProgressHandler } from './commands/record-item-progress/record-item-progress.handler';
import { RegisterItemHttpController } from './commands/register-item/register-item.http.controller';
import { RegisterItemHandler } from './commands/register-item/register-item.handler';
import { GetItemHttpController } from './queries/get-item/get-item.http.controller';
import { GetItemHandler } from './queries/get-item/get-item.handler';

@Module({
  imports: [CqrsModule, ReadinessModule],
  controllers: [AddDayOneChecklistHttpController, AssignStepOwnerHttpController, RegisterItemHttpController, AmendItemHttpController, RecordItemProgressHttpController, CorrectItemStepHttpController, GetItemHttpController, ListRegisterHttpController],
  providers: [AddDayOneChecklistHandler, AssignStepOwnerHandler, RegisterItemHandler, AmendItemHandler, RecordItemProgressHandler, WithdrawItemStepHandler, GetItemHandler],
})
export class RegistersModule {}
