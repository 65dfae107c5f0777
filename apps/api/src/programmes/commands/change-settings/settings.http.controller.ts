import { Body, Controller, Get, HttpCode, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Permit, Readers } from '../../../access/auth/permissions';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { ProgrammeSettingsReader, ProgrammeSettingsView } from '../../queries/get-settings/get-settings';
import { ChangeProgrammeSettingsCommand } from './change-settings';
import { ChangeProgrammeSettingsRequest } from './change-settings.request.dto';

/**
 * Who takes which decisions, and which findings need four eyes. Every member may read them; the
 * board and administrators change them: how the board decides is the board's own governance, and
 * the advisers whose closures four eyes checks must not be able to relax it.
 */
@Controller('api/programmes/:programmeId/settings')
export class ProgrammeSettingsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly settings: ProgrammeSettingsReader,
  ) {}

  @Get()
  @Readers()
  async get(@Param('programmeId') programmeId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProgrammeSettingsView> {
    const settings = await this.settings.read(programmeId);
    void reply.header('etag', `"${settings.version}"`);
    return settings;
  }

  @Patch()
  @Permit('board')
  @HttpCode(200)
  async change(
    @Param('programmeId') programmeId: string,
    @Body() body: ChangeProgrammeSettingsRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, programmeId, await this.commands.execute(new ChangeProgrammeSettingsCommand(programmeId, body, context)));
  }
}
