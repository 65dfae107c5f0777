import { Body, Controller, Delete, HttpCode, Param, Put, Res } from '@nestjs/common';
import { CommandBus, CommandHandler } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AREA_OF_KIND, AssignStepOwner, ItemKind, KIND_OF_REGISTER, NotFoundError, itemStreamId, registerItemDecider } from '@tracker/domain';
import { RULES } from '@tracker/readiness';
import { Advisers } from '../../../access/auth/permissions';
import { Issued, ProgrammeCommand, ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { Context, RequestContext } from '../../../shared/request-context';
import { CalendarDate, NoFields, Text } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';

/** The rules an item of a kind can be held up by, whose steps may each be given an owner. */
export function stepRulesOf(kind: ItemKind): readonly { readonly id: string; readonly sentence: string }[] {
  return Object.values(RULES).filter((rule) => rule.area === AREA_OF_KIND[kind]);
}

export class StepOwnerRequest {
  @Text(200, { description: 'who sees this step through: a named person or team, e.g. "Council HR — TUPE lead"', example: 'Council HR — TUPE lead' })
  owner!: string;

  @CalendarDate({ optional: true, description: 'the day they aim to have it done by; the rule’s own deadline stands regardless', example: '2027-02-26' })
  targetDate?: string;
}

/** Names the owner of one outstanding step of an item (by the rule it answers), or with no owner hands it back to the item's. */
export class AssignStepOwnerCommand extends ProgrammeCommand {
  readonly effectiveAt = undefined;
  constructor(
    readonly programmeId: string,
    readonly kind: ItemKind,
    readonly itemId: string,
    readonly ruleId: string,
    readonly owner: StepOwnerRequest | undefined,
    readonly context: RequestContext,
  ) {
    super();
    const rules = stepRulesOf(kind);
    if (!rules.some((rule) => rule.id === ruleId)) {
      throw new NotFoundError('rule', ruleId, `No readiness rule ${ruleId} applies to the ${AREA_OF_KIND[kind]} register; its steps answer ${rules.map((rule) => rule.id).join(', ')}`);
    }
  }
}

@CommandHandler(AssignStepOwnerCommand)
export class AssignStepOwnerHandler extends ProgrammeCommandHandler<AssignStepOwnerCommand> {
  onStream({ programmeId, kind, itemId, ruleId, owner }: AssignStepOwnerCommand) {
    const data = { itemId, kind, ruleId, ...(owner ? { owner: owner.owner, ...(owner.targetDate ? { targetDate: owner.targetDate } : {}) } : {}) };
    return onStream(registerItemDecider, itemStreamId(programmeId, itemId), { type: 'AssignStepOwner', data } as Issued<AssignStepOwner>);
  }
}

/**
 * `PUT …/{register}/{itemId}/step-owners/{ruleId}` names who sees one outstanding step through and by
 * when (the action plan, the reminders and the calendar feeds follow it); `DELETE` hands the step back to the item's owner.
 */
@Advisers()
@Controller('api/programmes/:programmeId/:register/:itemId/step-owners/:ruleId')
export class AssignStepOwnerHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @HttpCode(200)
  async assign(
    @Param('programmeId') programmeId: string,
    @Param('register') register: string,
    @Param('itemId') itemId: string,
    @Param('ruleId') ruleId: string,
    @Body() body: StepOwnerRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, itemId, await this.commands.execute(new AssignStepOwnerCommand(programmeId, kindOf(register), itemId, ruleId, body, context)));
  }

  @Delete()
  @HttpCode(200)
  async handBack(
    @Param('programmeId') programmeId: string,
    @Param('register') register: string,
    @Param('itemId') itemId: string,
    @Param('ruleId') ruleId: string,
    @Body(NoFields) _body: unknown,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, itemId, await this.commands.execute(new AssignStepOwnerCommand(programmeId, kindOf(register), itemId, ruleId, undefined, context)));
  }
}

function kindOf(register: string): ItemKind {
  const kind = KIND_OF_REGISTER.get(register);
  if (kind === undefined) throw new NotFoundError('register', register);
  return kind;
}

