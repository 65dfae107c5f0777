import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { evidenceOf } from '../../evidence.request.dto';
import { AddFindingEvidenceCommand } from './add-finding-evidence.command';
import { AddFindingEvidenceRequest } from './add-finding-evidence.request.dto';
import { Advisers } from '../../../access/auth/permissions';

/** Evidence is only ever added: what was cited stays in the history. */
@Advisers()
@Controller('api/programmes/:programmeId/findings')
export class AddFindingEvidenceHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':findingId/evidence')
  @HttpCode(200)
  async addEvidence(
    @Param('programmeId') programmeId: string,
    @Param('findingId') findingId: string,
    @Body() body: AddFindingEvidenceRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const evidence = evidenceOf(body.evidence);
    const command = new AddFindingEvidenceCommand(programmeId, findingId, evidence, effectiveInstant(body.effectiveAt), context);
    return writeResponse(reply, findingId, await this.commands.execute(command));
  }
}
