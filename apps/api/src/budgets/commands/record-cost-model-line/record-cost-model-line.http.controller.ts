import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { uuidFromHash } from '../../../shared/ids';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { RecordCostModelLineCommand } from './record-cost-model-line.command';
import { RecordCostModelLineRequest } from './record-cost-model-line.request.dto';
import { Advisers } from '../../../access/auth/permissions';

@Advisers()
@Controller('api/programmes/:programmeId/budgets/cost-model-lines')
export class RecordCostModelLineHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  async record(
    @Param('programmeId') programmeId: string,
    @Body() body: RecordCostModelLineRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    // The line's id follows from its reference, so re-sending a line updates it rather than adding another.
    const lineId = uuidFromHash(`cost-model-line\n${programmeId}\n${body.reference.trim().toUpperCase()}`);
    return writeResponse(reply, lineId, await this.commands.execute(new RecordCostModelLineCommand(programmeId, lineId, body, context)));
  }
}
