import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { GetDashboardHttpController } from './queries/get-dashboard/get-dashboard.http.controller';
import { GetReadinessHttpController } from './queries/get-readiness/get-readiness.http.controller';
import { WhatTheBoardSawHttpController } from './queries/what-the-board-saw/what-the-board-saw.http.controller';
import { ProgrammeViews } from './programme-views';

/** What boards come for: readiness computed from the registers, findings and budgets. */
@Module({
  imports: [AuditModule],
  controllers: [GetReadinessHttpController, GetDashboardHttpController, WhatTheBoardSawHttpController],
  providers: [ProgrammeViews],
  exports: [ProgrammeViews],
})
export class ReadinessModule {}
