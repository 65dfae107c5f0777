import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { evidenceOf } from '../../evidence.request.dto';
import { ResolveFindingCommand } from './resolve-finding.command';
import { ResolveFindingRequest } from './resolve-finding.request.dto';
import { Advisers } from '../../../access/auth/permissions';

/** Resolved is not closed: an adviser verifies the resolution and closes the finding. */
@Advisers()
@Controller('api/programmes/:programmeId/findings')
export class ResolveFindingHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':findingId/resolve')
  @HttpCode(200)
  async resolve(
    @Param('programmeId') programmeId: string,
    @Param('findingId') findingId: string,
    @Body() body: ResolveFindingRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const evidence = evidenceOf(body.evidence);
    const command = new ResolveFindingCommand(programmeId, findingId, body.resolution, evidence, effectiveInstant(body.effectiveAt), context);
    return writeResponse(reply, findingId, await this.commands.execute(command));
  }
}
