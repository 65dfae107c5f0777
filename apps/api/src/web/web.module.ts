import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { AuditPagesController } from './audit-pages.controller';
import { FormPagesController } from './form-pages.controller';
import { ImportPagesController } from './import-pages.controller';
import { SpreadsheetsModule } from '../spreadsheets/spreadsheets.module';
import { ProgrammePagesController } from './programme-pages.controller';
import { RendererModule } from './renderer.module';

/** The pages boards, advisers and auditors use in a browser. */
@Module({
  imports: [CqrsModule, ReadinessModule, AuditModule, RendererModule, SpreadsheetsModule],
  controllers: [ProgrammePagesController, FormPagesController, ImportPagesController, AuditPagesController],
})
export class WebModule {}
