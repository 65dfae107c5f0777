import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandRunner } from '../shared/command-runner';
import { RegisterProgrammeHttpController } from './commands/register-programme/register-programme.http.controller';
import { RegisterProgrammeHandler } from './commands/register-programme/register-programme.handler';
import { GetProgrammeHttpController } from './queries/get-programme/get-programme.http.controller';
import { GetProgrammeHandler } from './queries/get-programme/get-programme.handler';
import { ListProgrammesHttpController } from './queries/list-programmes/list-programmes.http.controller';
import { ListProgrammesHandler } from './queries/list-programmes/list-programmes.handler';

@Module({
  imports: [CqrsModule],
  controllers: [RegisterProgrammeHttpController, ListProgrammesHttpController, GetProgrammeHttpController],
  providers: [CommandRunner, RegisterProgrammeHandler, GetProgrammeHandler, ListProgrammesHandler],
})
export class ProgrammesModule {}
