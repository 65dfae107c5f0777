import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DAY_ONE_CHECKLIST, RegisterItem, itemStreamId, registerItemDecider } from '@tracker/domain';
import { ProgrammeViews } from '../../../readiness/programme-views';
import { Advisers } from '../../../access/auth/permissions';
import { CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Context, RequestContext } from '../../../shared/request-context';
import { NoFields } from '../../../shared/validation';
import { itemIdFor } from '../../item-ids';

export interface DayOneChecklistResult {
  /** The references registered now; those already in the register are left as advisers made them. */
  readonly added: readonly string[];
  readonly alreadyThere: number;
}

export class AddDayOneChecklistCommand extends Command<DayOneChecklistResult> {
  constructor(
    readonly programmeId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Registers the day-one checklist's essentials the governance register does not hold yet, all in
 * one append (all or nothing), each needed on day one. One already there, by its reference, is left
 * as it is: advisers may have renamed it, given it an owner or confirmed it.
 */
@CommandHandler(AddDayOneChecklistCommand)
export class AddDayOneChecklistHandler implements ICommandHandler<AddDayOneChecklistCommand, DayOneChecklistResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
    private readonly views: ProgrammeViews,
  ) {}

  async execute({ programmeId, context }: AddDayOneChecklistCommand): Promise<DayOneChecklistResult> {
    const programme = await this.programmes.read(programmeId);
    const held = new Set((await this.views.judged(programmeId)).view.items.map((item) => item.itemId));
    const essentials = DAY_ONE_CHECKLIST.map((essential) => ({ ...essential, itemId: itemIdFor(programmeId, 'governance-item', essential.reference) }));
    const missing = essentials.filter((e) => !held.has(e.itemId));
    if (missing.length > 0) {
      const batch = missing.map(({ itemId, reference, title }) => {
        const data = { itemId, reference, kind: 'governance-item', details: { governanceKind: 'day-one', title, neededOnDayOne: true } };
        return { streamId: itemStreamId(programmeId, itemId), command: { type: 'RegisterItem', data, programme } as Omit<RegisterItem, 'metadata'> };
      });
      const outcome = await this.runner.runAll(registerItemDecider, batch, context);
      // Refused as a whole (one registered meanwhile, or the programme closed): nothing was recorded.
      if ('refusals' in outcome) throw outcome.refusals[0].error;
    }
    return { added: missing.map((e) => e.reference), alreadyThere: essentials.length - missing.length };
  }
}

@Advisers()
@Controller('api/programmes/:programmeId/day-one-checklist')
export class AddDayOneChecklistHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** Takes no fields; answers which essentials it added. */
  @Post()
  @HttpCode(200)
  async add(@Param('programmeId') programmeId: string, @Body(NoFields) _body: unknown, @Context() context: RequestContext): Promise<DayOneChecklistResult> {
    return this.commands.execute(new AddDayOneChecklistCommand(programmeId, context));
  }
}
