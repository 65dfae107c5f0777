import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ItemKind, REGISTER_OF_KIND } from '@tracker/domain';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { RegisterItemCommand } from './register-item.command';
import {
  AssetRequest,
  ContractRequest,
  GovernanceItemRequest,
  ItemRequest,
  ProcessRequest,
  SlaRequest,
  StaffGroupRequest,
  SystemRequest,
} from './register-item.request.dto';
import { Advisers } from '../../../access/auth/permissions';

/** One route per register, each with its own fields; the same command behind them all. */
@Advisers()
@Controller('api/programmes/:programmeId')
export class RegisterItemHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('contracts')
  @HttpCode(201)
  contract(@Param('programmeId') id: string, @Body() body: ContractRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.register(id, 'contract', body, c, r);
  }

  @Post('systems')
  @HttpCode(201)
  system(@Param('programmeId') id: string, @Body() body: SystemRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.register(id, 'system', body, c, r);
  }

  @Post('processes')
  @HttpCode(201)
  process(@Param('programmeId') id: string, @Body() body: ProcessRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.register(id, 'process', body, c, r);
  }

  @Post('assets')
  @HttpCode(201)
  asset(@Param('programmeId') id: string, @Body() body: AssetRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.register(id, 'asset', body, c, r);
  }

  @Post('slas')
  @HttpCode(201)
  sla(@Param('programmeId') id: string, @Body() body: SlaRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.register(id, 'sla', body, c, r);
  }

  @Post('staff-groups')
  @HttpCode(201)
  staffGroup(@Param('programmeId') id: string, @Body() body: StaffGroupRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.register(id, 'staff-group', body, c, r);
  }

  @Post('governance-items')
  @HttpCode(201)
  governanceItem(
    @Param('programmeId') id: string,
    @Body() body: GovernanceItemRequest,
    @Context() c: RequestContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.register(id, 'governance-item', body, c, r);
  }

  private async register(programmeId: string, kind: ItemKind, body: ItemRequest, context: RequestContext, reply: FastifyReply): Promise<WriteResponse> {
    const command = RegisterItemCommand.fromRequest(programmeId, kind, body, context);
    const result = await this.commands.execute(command);
    const { itemId } = command;
    void reply.header('location', `/api/programmes/${programmeId}/${REGISTER_OF_KIND[kind]}/${itemId}`);
    return writeResponse(reply, itemId, result);
  }
}
