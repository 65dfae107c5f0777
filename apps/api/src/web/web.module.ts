import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { DocumentsModule } from '../documents/documents.module';
import { ReadinessModule } from '../readiness/readiness.module';
import { AuditPagesController } from './audit-pages.controller';
import { BoardPacks } from './board-pack';
import { ServicePagesController } from './service-pages.controller';
import { BudgetFormPagesController } from '../budgets/web/budget-form-pages.controller';
import { MoneyPagesController } from '../budgets/web/money-pages.controller';
import { ProgrammeDescriptionPagesController } from '../programmes/web/description-pages.controller';
import { PortfolioAccessPagesController } from '../portfolio/web/portfolio-access-pages.controller';
import { BoardPackController } from './board-pack.controller';
import { FindingFormPagesController } from '../findings/web/finding-form-pages.controller';
import { ItemFormPagesController } from '../registers/web/item-form-pages.controller';
import { NoteFormPagesController } from '../notes/web/note-form-pages.controller';
import { DecisionFormPagesController } from '../decisions/web/decision-form-pages.controller';
import { ActionPlanController } from './action-plan.controller';
import { ReminderPagesController } from './reminder-pages.controller';
import { RemindersModule } from '../reminders/reminders.module';
import { PortfolioModule } from '../portfolio/portfolio.module';
import { CalendarFeedController } from './calendar-feed.controller';
import { GoLiveFormPagesController } from '../programmes/web/go-live-form-pages.controller';
import { FormPages } from './form-page';
import { MemberPagesController } from '../access/web/member-pages.controller';
import { NewUserPagesController } from '../access/web/new-user-pages.controller';
import { RegisterProgrammePagesController } from '../programmes/web/register-programme-pages.controller';
import { ImportPagesController } from './import-pages.controller';
import { SpreadsheetsModule } from '../spreadsheets/spreadsheets.module';
import { PdfPrinter } from './pdf-printer';
import { TabledBoardPackPrinter } from './tabled-board-pack';
import { BOARD_PACK_TABLER } from '../decisions/board-pack-tabler';
import { ProgrammePagesController } from './programme-pages.controller';
import { RendererModule } from './renderer.module';
import { WitnessPagesController } from './witness-pages.controller';
import { DecisionsModule } from '../decisions/decisions.module';
import { DecisionPagesController } from './decision-pages.controller';

/** The pages boards, advisers and auditors use in a browser. */
@Module({
  imports: [CqrsModule, RemindersModule, ReadinessModule, AuditModule, RendererModule, SpreadsheetsModule, DocumentsModule, DecisionsModule, PortfolioModule],
  controllers: [
    ProgrammePagesController,
    ReminderPagesController,
    ActionPlanController,
    CalendarFeedController,
    FindingFormPagesController,
    ItemFormPagesController,
    NoteFormPagesController,
    DecisionFormPagesController,
    GoLiveFormPagesController,
    MemberPagesController,
    NewUserPagesController,
    RegisterProgrammePagesController,
    ImportPagesController,
    AuditPagesController,
    BoardPackController,
    WitnessPagesController,
    DecisionPagesController,
    ServicePagesController,
    BudgetFormPagesController,
    MoneyPagesController,
    ProgrammeDescriptionPagesController,
    PortfolioAccessPagesController,
  ],
  // The pack as tabled at a decision: the decisions module asks for it by BOARD_PACK_TABLER and never imports the pages.
  providers: [FormPages, BoardPacks, PdfPrinter, TabledBoardPackPrinter, { provide: BOARD_PACK_TABLER, useExisting: TabledBoardPackPrinter }],
})
export class WebModule {}
