import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { KIND_OF_REGISTER, NotFoundError } from '@tracker/domain';
import { Advisers } from '../../../access/auth/permissions';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { stepEvidenceOf } from '../../step-evidence.request.dto';
import { CorrectItemStepRequest, WithdrawItemStepRequest } from './correct-item-step.request.dto';
import { WithdrawItemStepCommand } from './correct-item-step';

/** A step recorded by mistake, withdrawn or corrected with a reason; nothing recorded is ever deleted. */
@Advisers()
@Controller('api/programmes/:programmeId/:register/:itemId/steps/:n')
export class CorrectItemStepHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('withdrawal')
  @HttpCode(200)
  async withdraw(
    @Param('programmeId') programmeId: string,
    @Param('register') register: string,
    @Param('itemId') itemId: string,
    @Param('n') n: string,
    @Body() body: WithdrawItemStepRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new WithdrawItemStepCommand(programmeId, kindOf(register), itemId, stepNumber(n), body.reason, context);
    return writeResponse(reply, itemId, await this.commands.execute(command));
  }

  @Post('correction')
  @HttpCode(200)
  async correct(
    @Param('programmeId') programmeId: string,
    @Param('register') register: string,
    @Param('itemId') itemId: string,
    @Param('n') n: string,
    @Body() body: CorrectItemStepRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const correction = { fields: body.fields, effectiveAt: effectiveInstant(body.effectiveAt), evidence: stepEvidenceOf(body.evidence) };
    const command = new WithdrawItemStepCommand(programmeId, kindOf(register), itemId, stepNumber(n), body.reason, context, correction);
    return writeResponse(reply, itemId, await this.commands.execute(command));
  }
}

function kindOf(register: string) {
  const kind = KIND_OF_REGISTER.get(register);
  if (kind === undefined) throw new NotFoundError('register', register);
  return kind;
}

/** Steps are numbered from 1; anything else names no step (404, as the domain says of a number past the last). */
function stepNumber(n: string): number {
  return /^[1-9][0-9]{0,5}$/.test(n) ? Number(n) : 0;
}
