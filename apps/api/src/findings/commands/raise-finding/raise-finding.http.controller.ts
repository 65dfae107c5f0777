import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { Area } from '@tracker/domain';
import { CommandResult, uuidFromHash } from '../../../shared/command-runner';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { evidenceOf } from '../../evidence.request.dto';
import { FindingSubject, RaiseFindingCommand } from './raise-finding.command';
import { RaiseFindingRequest } from './raise-finding.request.dto';
import { Advisers } from '../../../access/auth/permissions';

@Advisers()
@Controller('api/programmes/:programmeId/findings')
export class RaiseFindingHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async raise(
    @Param('programmeId') programmeId: string,
    @Body() body: RaiseFindingRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    // A retried request with the same Idempotency-Key must name the same finding.
    const findingId = context.idempotencyKey
      ? uuidFromHash(`finding\n${programmeId}\n${context.userId}\n${context.idempotencyKey}`)
      : randomUUID();
    const { itemId, area, title, description, severity, owner, dueDate, evidence, effectiveAt } = body;
    // The request DTO has already required exactly one of itemId and area.
    const subject: FindingSubject = itemId === undefined ? { kind: 'area', area: area as Area } : { kind: 'item', itemId };
    const result: CommandResult = await this.commands.execute(
      new RaiseFindingCommand(
        programmeId,
        findingId,
        { subject, title, description, severity, owner, dueDate, evidence: evidenceOf(evidence) },
        effectiveInstant(effectiveAt),
        context,
      ),
    );
    void reply.header('location', `/api/programmes/${programmeId}/findings/${findingId}`);
    return writeResponse(reply, findingId, result);
  }
}
