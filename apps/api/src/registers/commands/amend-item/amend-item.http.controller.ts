import { Body, Controller, HttpCode, Param, Patch, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { InvalidCommandError, ItemAmendment, ItemKind } from '@tracker/domain';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { AmendItemCommand } from './amend-item.command';
import {
  AmendAssetRequest,
  AmendContractRequest,
  AmendGovernanceItemRequest,
  AmendProcessRequest,
  AmendSlaRequest,
  AmendStaffGroupRequest,
  AmendSystemRequest,
} from './amend-item.request.dto';
import { Advisers } from '../../../access/auth/permissions';

type Amendment = { effectiveAt?: string } & object;

/** Corrects an item's details; only the fields that really change are recorded. */
@Advisers()
@Controller('api/programmes/:programmeId')
export class AmendItemHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Patch('contracts/:itemId')
  @HttpCode(200)
  contract(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: AmendContractRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.amend(p, i, 'contract', b, c, r);
  }

  @Patch('systems/:itemId')
  @HttpCode(200)
  system(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: AmendSystemRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.amend(p, i, 'system', b, c, r);
  }

  @Patch('processes/:itemId')
  @HttpCode(200)
  process(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: AmendProcessRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.amend(p, i, 'process', b, c, r);
  }

  @Patch('assets/:itemId')
  @HttpCode(200)
  asset(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: AmendAssetRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.amend(p, i, 'asset', b, c, r);
  }

  @Patch('slas/:itemId')
  @HttpCode(200)
  sla(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: AmendSlaRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.amend(p, i, 'sla', b, c, r);
  }

  @Patch('staff-groups/:itemId')
  @HttpCode(200)
  staffGroup(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() b: AmendStaffGroupRequest, @Context() c: RequestContext, @Res({ passthrough: true }) r: FastifyReply) {
    return this.amend(p, i, 'staff-group', b, c, r);
  }

  @Patch('governance-items/:itemId')
  @HttpCode(200)
  governanceItem(
    @Param('programmeId') p: string,
    @Param('itemId') i: string,
    @Body() b: AmendGovernanceItemRequest,
    @Context() c: RequestContext,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.amend(p, i, 'governance-item', b, c, r);
  }

  private async amend(programmeId: string, itemId: string, kind: ItemKind, body: Amendment, context: RequestContext, reply: FastifyReply): Promise<WriteResponse> {
    const { effectiveAt, ...changes } = body;
    if (Object.keys(changes).length === 0) throw new InvalidCommandError([{ field: 'body', problem: 'must change at least one field' }]);
    const amendment = { kind, changes } as ItemAmendment;
    return writeResponse(reply, itemId, await this.commands.execute(new AmendItemCommand(programmeId, itemId, amendment, effectiveInstant(effectiveAt), context)));
  }
}
