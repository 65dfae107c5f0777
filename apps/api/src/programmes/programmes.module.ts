import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '../audit/audit.module';
import { CloseProgrammeHttpController } from './commands/close-programme/close-programme.http.controller';
import { GetClosureHttpController } from './queries/get-closure/get-closure.http.controller';
import { CloseProgrammeHandler } from './commands/close-programme/close-programme.handler';
import { ConfirmGoLiveDateHttpController } from './commands/confirm-go-live-date/confirm-go-live-date.http.controller';
import { ConfirmGoLiveDateHandler } from './commands/confirm-go-live-date/confirm-go-live-date.handler';
import { MoveGoLiveDateHttpController } from './commands/move-go-live-date/move-go-live-date.http.controller';
import { MoveGoLiveDateHandler } from './commands/move-go-live-date/move-go-live-date.handler';
import { RecordGoLiveHttpController } from './commands/record-go-live/record-go-live.http.controller';
import { RecordGoLiveHandler } from './commands/record-go-live/record-go-live.handler';
import { RegisterProgrammeHttpController } from './commands/register-programme/register-programme.http.controller';
import { RegisterProgrammeHandler } from './commands/register-programme/register-programme.handler';
import { GetProgrammeHttpController } from './queries/get-programme/get-programme.http.controller';
import { GetProgrammeHandler } from './queries/get-programme/get-programme.handler';
import { ListProgrammesHttpController } from './queries/list-programmes/list-programmes.http.controller';
import { ListProgrammesHandler } from './queries/list-programmes/list-programmes.handler';
import { ChangeProgrammeSettingsHandler } from './commands/change-settings/change-settings';
import { ProgrammeSettingsHttpController } from './commands/change-settings/settings.http.controller';
import { ProgrammeSettingsReader } from './queries/get-settings/get-settings';
import { ProgrammeSettingsPagesController } from './web/settings-pages.controller';
import { DescribeProgrammeHandler, DescribeProgrammeHttpController } from './commands/describe-programme/describe-programme';
import { RendererModule } from '../web/renderer.module';
import { ReadinessModule } from '../readiness/readiness.module';

@Module({
  imports: [CqrsModule, AuditModule, RendererModule, ReadinessModule],
  controllers: [
    RegisterProgrammeHttpController,
    ListProgrammesHttpController,
    GetProgrammeHttpController,
    ConfirmGoLiveDateHttpController,
    MoveGoLiveDateHttpController,
    RecordGoLiveHttpController,
    CloseProgrammeHttpController,
    GetClosureHttpController,
    ProgrammeSettingsHttpController,
    ProgrammeSettingsPagesController,
    DescribeProgrammeHttpController,
  ],
  providers: [
    RegisterProgrammeHandler,
    GetProgrammeHandler,
    ListProgrammesHandler,
    ConfirmGoLiveDateHandler,
    MoveGoLiveDateHandler,
    RecordGoLiveHandler,
    CloseProgrammeHandler,
    ChangeProgrammeSettingsHandler,
    ProgrammeSettingsReader,
    DescribeProgrammeHandler,
  ],
  exports: [ProgrammeSettingsReader],
})
export class ProgrammesModule {}
