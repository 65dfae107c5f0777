import { Body, Controller, HttpCode, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { FindingChanges, InvalidCommandError } from '@tracker/domain';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { UpdateFindingCommand } from './update-finding.command';
import { UpdateFindingRequest } from './update-finding.request.dto';
import { Advisers } from '../../../access/auth/permissions';

const CHANGEABLE = ['title', 'description', 'severity', 'owner', 'dueDate'] as const;

@Advisers()
@Controller('api/programmes/:programmeId/findings')
export class UpdateFindingHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':findingId')
  @HttpCode(200)
  async update(
    @Param('programmeId') programmeId: string,
    @Param('findingId') findingId: string,
    @Body() body: UpdateFindingRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    // Only the fields sent: one left out stays as it is.
    const changes: FindingChanges = Object.fromEntries(
      CHANGEABLE.filter((field) => body[field] !== undefined).map((field) => [field, body[field]]),
    );
    if (Object.keys(changes).length === 0) {
      throw new InvalidCommandError([{ field: 'body', problem: `must change at least one of: ${CHANGEABLE.join(', ')}` }]);
    }
    const command = new UpdateFindingCommand(programmeId, findingId, changes, effectiveInstant(body.effectiveAt), context);
    return writeResponse(reply, findingId, await this.commands.execute(command));
  }
}
