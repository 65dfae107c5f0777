import { Module } from '@nestjs/common';
import { GetDashboardHttpController } from './queries/get-dashboard/get-dashboard.http.controller';
import { GetReadinessHttpController } from './queries/get-readiness/get-readiness.http.controller';
import { ListFindingsHttpController } from './queries/list-findings/list-findings.http.controller';
import { ListRegisterHttpController } from './queries/list-register/list-register.http.controller';
import { ProgrammeReplay } from './programme-replay';
import { ReadinessAssessor } from './readiness-assessor';

/** What boards come for: readiness computed from the registers, findings and budgets. */
@Module({
  controllers: [GetReadinessHttpController, GetDashboardHttpController, ListFindingsHttpController, ListRegisterHttpController],
  providers: [ReadinessAssessor, ProgrammeReplay],
})
export class ReadinessModule {}
