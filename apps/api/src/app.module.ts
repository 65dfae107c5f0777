import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { HealthController } from './health/health.controller';
import { InfrastructureModule, InfrastructureOptions } from './infrastructure/infrastructure.module';
import { AccessModule } from './access/access.module';
import { AdminModule } from './admin/admin.module';
import { AuditModule } from './audit/audit.module';
import { BudgetsModule } from './budgets/budgets.module';
import { DecisionsModule } from './decisions/decisions.module';
import { DocumentsModule } from './documents/documents.module';
import { FindingsModule } from './findings/findings.module';
import { NotesModule } from './notes/notes.module';
import { ProgrammesModule } from './programmes/programmes.module';
import { ReadinessModule } from './readiness/readiness.module';
import { RemindersModule } from './reminders/reminders.module';
import { PortfolioModule } from './portfolio/portfolio.module';
import { RegistersModule } from './registers/registers.module';
import { SiteErrorFilter } from './web/site-error.filter';
import { RendererModule } from './web/renderer.module';
import { SharedModule } from './shared/shared.module';
import { SpreadsheetsModule } from './spreadsheets/spreadsheets.module';
import { WebModule } from './web/web.module';

@Module({})
export class AppModule {
  static forRoot(options: InfrastructureOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        InfrastructureModule.forRoot(options),
        SharedModule,
        AccessModule,
        ProgrammesModule,
        RegistersModule,
        DocumentsModule,
        FindingsModule,
        DecisionsModule,
        BudgetsModule,
        NotesModule,
        ReadinessModule,
        AuditModule,
        AdminModule,
        SpreadsheetsModule,
        RemindersModule,
        PortfolioModule,
        WebModule,
        RendererModule,
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: SiteErrorFilter }],
    };
  }
}
