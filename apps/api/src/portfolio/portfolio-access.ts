import { Body, Controller, HttpCode, Param, Put, Res } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Actor, DELIVERY_MODELS, InvalidCommandError, PortfolioScope, REGIONS, SetPortfolioAccess, userDecider, userStreamId } from '@tracker/domain';
import { Caller, CallerOf } from '../access/auth/current-password';
import { AdministratorsOnly } from '../access/auth/permissions';
import { CommandResult, CommandRunner } from '../shared/command-runner';
import { Context, RequestContext } from '../shared/request-context';
import { OneOf } from '../shared/validation';
import { WriteResponse, writeResponse } from '../shared/write-response';

export const PORTFOLIO_READS = ['all', 'region', 'delivery-model', 'none'] as const;

export class PortfolioAccessRequest {
  @OneOf(PORTFOLIO_READS, { description: 'every programme (a portfolio viewer), those of one region or delivery model (a portfolio lead), or none' })
  reads!: (typeof PORTFOLIO_READS)[number];

  @OneOf(REGIONS, { optional: true, description: 'with reads: region' })
  region?: string;

  @OneOf(DELIVERY_MODELS, { optional: true, description: 'with reads: delivery-model' })
  deliveryModel?: string;
}

/** The request as the scope it grants, or the field that is missing or out of place. */
export function scopeOf({ reads, region, deliveryModel }: PortfolioAccessRequest): PortfolioScope | null {
  const problems = [
    ...(reads === 'region' && region === undefined ? [{ field: 'region', problem: 'is required to read the programmes of a region' }] : []),
    ...(reads === 'delivery-model' && deliveryModel === undefined ? [{ field: 'deliveryModel', problem: 'is required to read the programmes of a delivery model' }] : []),
    ...(reads !== 'region' && region !== undefined ? [{ field: 'region', problem: 'is given only with reads: region' }] : []),
    ...(reads !== 'delivery-model' && deliveryModel !== undefined ? [{ field: 'deliveryModel', problem: 'is given only with reads: delivery-model' }] : []),
  ];
  if (problems.length > 0) throw new InvalidCommandError(problems);
  if (reads === 'none') return null;
  if (reads === 'all') return { all: true };
  return reads === 'region' ? { region: region! } : { deliveryModel: deliveryModel! };
}

export class SetPortfolioAccessCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly scope: PortfolioScope | null,
    readonly context: RequestContext,
    readonly by: Actor,
  ) {
    super();
  }
}

@CommandHandler(SetPortfolioAccessCommand)
export class SetPortfolioAccessHandler implements ICommandHandler<SetPortfolioAccessCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ userId, scope, context, by }: SetPortfolioAccessCommand): Promise<CommandResult> {
    const command: Omit<SetPortfolioAccess, 'metadata'> = { type: 'SetPortfolioAccess', data: { userId, scope }, by };
    return this.runner.run(userDecider, userStreamId(userId), command, context);
  }
}

/** `PUT /api/users/{userId}/portfolio-access`: what a person may read across programmes, read-only (administrators). */
@AdministratorsOnly()
@Controller('api/users/:userId/portfolio-access')
export class PortfolioAccessHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @HttpCode(200)
  async set(@Param('userId') userId: string, @Body() body: PortfolioAccessRequest, @Context() context: RequestContext, @CallerOf() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<WriteResponse> {
    return writeResponse(reply, userId, await this.commands.execute(new SetPortfolioAccessCommand(userId, scopeOf(body), context, caller.by)));
  }
}
