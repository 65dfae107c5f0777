import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { AuditPagesController } from './audit-pages.controller';
import { BoardPacks } from './board-pack';
import { BoardPackController } from './board-pack.controller';
import { FormPagesController } from './form-pages.controller';
import { ImportPagesController } from './import-pages.controller';
import { SpreadsheetsModule } from '../spreadsheets/spreadsheets.module';
import { PdfPrinter } from './pdf-printer';
import { ProgrammePagesController } from './programme-pages.controller';
import { RendererModule } from './renderer.module';

/** The pages boards, advisers and auditors use in a browser. */
@Module({
  imports: [CqrsModule, ReadinessModule, AuditModule, RendererModule, SpreadsheetsModule],
  controllers: [ProgrammePagesController, FormPagesController, ImportPagesController, AuditPagesController, BoardPackController],
  providers: [BoardPacks, PdfPrinter],
})
export class WebModule {}
