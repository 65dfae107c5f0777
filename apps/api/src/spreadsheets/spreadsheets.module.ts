import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadinessModule } from '../readiness/readiness.module';
import { ImportRegisterHandler } from './commands/import-register/import-register.handler';
import { RegisterSpreadsheets } from './register-spreadsheets';
import { RegisterSpreadsheetsHttpController } from './register-spreadsheets.http.controller';

@Module({
  imports: [CqrsModule, ReadinessModule],
  controllers: [RegisterSpreadsheetsHttpController],
  providers: [ImportRegisterHandler, RegisterSpreadsheets],
  exports: [RegisterSpreadsheets],
})
export class SpreadsheetsModule {}
