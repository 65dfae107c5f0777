import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ItemKind } from '@tracker/domain';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { RecordItemProgressCommand } from './record-item-progress.command';
import {
  AssetProgressRequest,
  ContractProgressRequest,
  GovernanceItemProgressRequest,
  ProcessProgressRequest,
  SlaProgressRequest,
  StaffGroupProgressRequest,
  SystemProgressRequest,
} from './record-item-progress.request.dto';
import { Advisers } from '../../../access/auth/permissions';

type Progress = { step: string; effectiveAt?: string } & object;

/** Records a step on an item's way to ready: consent received, ELI received, SLA signed… */
@Advisers()
@Controller('api/programmes/:programmeId')
export class RecordItemProgressHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('contracts/:itemId/progress')
  @HttpCode(200)
  contract(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: ContractProgressRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.record(p, i, 'contract', b, c, r);
  }

  @Post('systems/:itemId/progress')
  @HttpCode(200)
  system(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: SystemProgressRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.record(p, i, 'system', b, c, r);
  }

  @Post('processes/:itemId/progress')
  @HttpCode(200)
  process(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: ProcessProgressRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.record(p, i, 'process', b, c, r);
  }

  @Post('assets/:itemId/progress')
  @HttpCode(200)
  asset(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: AssetProgressRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.record(p, i, 'asset', b, c, r);
  }

  @Post('slas/:itemId/progress')
  @HttpCode(200)
  sla(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: SlaProgressRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.record(p, i, 'sla', b, c, r);
  }

  @Post('staff-groups/:itemId/progress')
  @HttpCode(200)
  staffGroup(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: StaffGroupProgressRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.record(p, i, 'staff-group', b, c, r);
  }

  @Post('governance-items/:itemId/progress')
  @HttpCode(200)
  governanceItem(
    @Param('programmeId') p: string,
    @Param('itemId') i: string,
    @Body() b: GovernanceItemProgressRequest,
    @Context() c: RequestContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.record(p, i, 'governance-item', b, c, r);
  }

  private async record(programmeId: string, itemId: string, kind: ItemKind, body: Progress, context: RequestContext, reply: FastifyReply): Promise<WriteResponse> {
    return writeResponse(reply, itemId, await this.commands.execute(RecordItemProgressCommand.fromRequest(programmeId, itemId, kind, body, context)));
  }
}
