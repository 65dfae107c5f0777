import { Body, Controller, HttpCode, Param, Put, Res } from '@nestjs/common';
import { CommandBus, CommandHandler } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { DELIVERY_MODELS, DeliveryModel, DescribeProgramme, REGIONS, Region, programmeDecider, programmeStreamId } from '@tracker/domain';
import { Advisers } from '../../../access/auth/permissions';
import { Issued, ProgrammeCommand, ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { Context, RequestContext } from '../../../shared/request-context';
import { OneOf, Text } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';

/** The description as it should stand, whole: a field left out is cleared. */
export class ProgrammeDescriptionRequest {
  @OneOf(REGIONS, { optional: true, description: 'the region of England the council is in' })
  region?: Region;

  @OneOf(DELIVERY_MODELS, { optional: true, description: 'how the service is delivered after the transition' })
  deliveryModel?: DeliveryModel;

  @Text(200, { optional: true, description: 'the inspection judgement that led to the transition, where there is one', example: 'Ofsted inadequate, January 2025' })
  inspectionJudgement?: string;

  @Text(200, { optional: true, description: 'the adviser who leads it: a named person or team', example: 'Children’s services improvement adviser — North' })
  leadAdviser?: string;
}

export class DescribeProgrammeCommand extends ProgrammeCommand {
  readonly effectiveAt = undefined;
  constructor(
    readonly programmeId: string,
    readonly description: ProgrammeDescriptionRequest,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(DescribeProgrammeCommand)
export class DescribeProgrammeHandler extends ProgrammeCommandHandler<DescribeProgrammeCommand> {
  onStream({ programmeId, description: { region, deliveryModel, inspectionJudgement, leadAdviser } }: DescribeProgrammeCommand) {
    const data = { programmeId, ...(region ? { region } : {}), ...(deliveryModel ? { deliveryModel } : {}), ...(inspectionJudgement ? { inspectionJudgement } : {}), ...(leadAdviser ? { leadAdviser } : {}) };
    return onStream(programmeDecider, programmeStreamId(programmeId), { type: 'DescribeProgramme', data } as Issued<DescribeProgramme>);
  }
}

/** `PUT /api/programmes/{id}/description`: what the portfolio types the programme by. */
@Advisers()
@Controller('api/programmes/:programmeId/description')
export class DescribeProgrammeHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @HttpCode(200)
  async describe(@Param('programmeId') programmeId: string, @Body() body: ProgrammeDescriptionRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<WriteResponse> {
    return writeResponse(reply, programmeId, await this.commands.execute(new DescribeProgrammeCommand(programmeId, body, context)));
  }
}
