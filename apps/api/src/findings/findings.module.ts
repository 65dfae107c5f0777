import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadinessModule } from '../readiness/readiness.module';
import { ListFindingsHttpController } from './queries/list-findings/list-findings.http.controller';
import { AddFindingEvidenceHttpController } from './commands/add-finding-evidence/add-finding-evidence.http.controller';
import { AddFindingEvidenceHandler } from './commands/add-finding-evidence/add-finding-evidence.handler';
import { CloseFindingHttpController } from './commands/close-finding/close-finding.http.controller';
import { CloseFindingHandler } from './commands/close-finding/close-finding.handler';
import { MitigateFindingHttpController } from './commands/mitigate-finding/mitigate-finding.http.controller';
import { MitigateFindingHandler } from './commands/mitigate-finding/mitigate-finding.handler';
import { RaiseFindingHttpController } from './commands/raise-finding/raise-finding.http.controller';
import { RaiseFindingHandler } from './commands/raise-finding/raise-finding.handler';
import { ReopenFindingHttpController } from './commands/reopen-finding/reopen-finding.http.controller';
import { ReopenFindingHandler } from './commands/reopen-finding/reopen-finding.handler';
import { ResolveFindingHttpController } from './commands/resolve-finding/resolve-finding.http.controller';
import { ResolveFindingHandler } from './commands/resolve-finding/resolve-finding.handler';
import { UpdateFindingHttpController } from './commands/update-finding/update-finding.http.controller';
import { UpdateFindingHandler } from './commands/update-finding/update-finding.handler';
import { GetFindingHttpController } from './queries/get-finding/get-finding.http.controller';
import { GetFindingHandler } from './queries/get-finding/get-finding.handler';

/**
 * Findings: raised, evidenced, updated, mitigated, resolved, closed and reopened by advisers.
 * The board's acceptance of a finding's risk is a decision, and comes through the decisions module.
 */
@Module({
  imports: [CqrsModule, ReadinessModule],
  controllers: [
    RaiseFindingHttpController,
    GetFindingHttpController,
    ListFindingsHttpController,
    UpdateFindingHttpController,
    AddFindingEvidenceHttpController,
    MitigateFindingHttpController,
    ResolveFindingHttpController,
    CloseFindingHttpController,
    ReopenFindingHttpController,
  ],
  providers: [
    RaiseFindingHandler,
    GetFindingHandler,
    UpdateFindingHandler,
    AddFindingEvidenceHandler,
    MitigateFindingHandler,
    ResolveFindingHandler,
    CloseFindingHandler,
    ReopenFindingHandler,
  ],
})
export class FindingsModule {}
