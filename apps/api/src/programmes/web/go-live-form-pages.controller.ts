import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AREAS, GO_LIVE_MOVE_REASON_CODES, goLiveMoveReasonLabel, ukDateOf } from '@tracker/domain';
import { outstandingOf } from '../../readiness/outstanding';
import { ProgrammeViews } from '../../readiness/programme-views';
import { Field } from '../../shared/forms';
import { words } from '../../shared/words';
import { AdministratorsOnly, Board } from '../../access/auth/permissions';
import { CloseProgrammeCommand } from '../commands/close-programme/close-programme.command';
import { CloseProgrammeRequest } from '../commands/close-programme/close-programme.request.dto';
import { ConfirmGoLiveDateCommand } from '../commands/confirm-go-live-date/confirm-go-live-date.command';
import { ConfirmGoLiveDateRequest } from '../commands/confirm-go-live-date/confirm-go-live-date.request.dto';
import { MoveGoLiveDateCommand } from '../commands/move-go-live-date/move-go-live-date.command';
import { MoveGoLiveDateRequest } from '../commands/move-go-live-date/move-go-live-date.request.dto';
import { RecordGoLiveCommand } from '../commands/record-go-live/record-go-live.command';
import { RecordGoLiveRequest } from '../commands/record-go-live/record-go-live.request.dto';
import { ukDate } from '../../web/renderer';
import { Context, RequestContext } from '../../shared/request-context';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Answers, FormPage, FormPages } from '../../web/form-page';

/** The programme's dates and its end: the board moves and confirms the go-live date and records go-live; an administrator closes it. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId')
export class GoLiveFormPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
    private readonly views: ProgrammeViews,
  ) {}

  // The board moves the go-live date.

  @Get('go-live-date/move')
  @Board()
  async moveGoLiveForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.moveGoLivePage(p));
  }

  @Post('go-live-date/move')
  @Board()
  async moveGoLive(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.moveGoLivePage(p), form, async (body) => {
      await this.commands.execute(new MoveGoLiveDateCommand(p, body, context));
      return `/programmes/${p}?done=moved`;
    });
  }

  // The board confirms the go-live date, and records the day the new body went live.

  @Get('go-live-date/confirm')
  @Board()
  async confirmGoLiveForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.confirmPage(p));
  }

  @Post('go-live-date/confirm')
  @Board()
  async confirmGoLive(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.confirmPage(p), form, async (body) => {
      await this.commands.execute(new ConfirmGoLiveDateCommand(p, body.date, context));
      return `/programmes/${p}?done=confirmed`;
    });
  }

  @Get('go-live')
  @Board()
  async goLiveForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.goLivePage(p));
  }

  @Post('go-live')
  @Board()
  async recordGoLive(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.goLivePage(p), form, async (body) => {
      await this.commands.execute(new RecordGoLiveCommand(p, body.date, context));
      return `/programmes/${p}?done=went-live`;
    });
  }

  // An administrator closes the programme: afterwards only notes can be added.

  @Get('close')
  @AdministratorsOnly()
  async closeForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.closePage(p));
  }

  @Post('close')
  @AdministratorsOnly()
  async close(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.closePage(p), form, async (body) => {
      await this.commands.execute(new CloseProgrammeCommand(p, body, context));
      return `/programmes/${p}?done=closed`;
    });
  }

  // What each form is.

  private async confirmPage(programmeId: string): Promise<FormPage<ConfirmGoLiveDateRequest>> {
    const { programme } = await this.forms.present(programmeId);
    return {
      // The date confirmed is the one shown: if it moved meanwhile, the domain refuses and says so.
      spec: { fields: [], request: ConfirmGoLiveDateRequest },
      title: 'Confirm the go-live date',
      caption: programme.name,
      intro: programme.goLiveConfirmed
        ? `The go-live date, ${ukDate(programme.goLiveDate)}, is confirmed already.`
        : `The go-live date is ${ukDate(programme.goLiveDate)}, provisional until the board confirms it. Once confirmed, moving it again is recorded as a move of a confirmed date, with its reasons.`,
      submit: `Confirm ${ukDate(programme.goLiveDate)}`,
      back: `/programmes/${programmeId}`,
      requestOf: (answers) => ({ ...answers, date: programme.goLiveDate }),
    };
  }

  private async goLivePage(programmeId: string): Promise<FormPage<RecordGoLiveRequest> & { defaults: Answers }> {
    const { programme } = await this.forms.present(programmeId);
    return {
      spec: { fields: [{ kind: 'date', name: 'date', label: 'The day the new body went live', hint: 'Today or earlier. For example, 1 4 2027' }], request: RecordGoLiveRequest },
      title: 'Record go-live',
      caption: programme.name,
      intro: `The planned go-live date is ${ukDate(programme.goLiveDate)}. From go-live, readiness shows what is still outstanding, and the registers record what follows.`,
      submit: 'Record go-live',
      back: `/programmes/${programmeId}`,
      defaults: { date: ukDateOf(this.forms.clock()) },
    };
  }

  /**
   * Closing: after go-live, the review (what went well and what did not, area by area; how the exit
   * strategy was checked) and a named owner for each thing still outstanding; before it, why it stopped.
   */
  private async closePage(programmeId: string): Promise<FormPage<CloseProgrammeRequest>> {
    const judged = await this.views.judged(programmeId);
    const { programme } = judged.view;
    if (programme.status !== 'live') {
      return {
        spec: { fields: [{ kind: 'textarea', name: 'note', label: 'Why it is closed', hint: 'For example, stopped by the council. Kept with the closure for good' }], request: CloseProgrammeRequest },
        title: 'Close the programme',
        caption: programme.name,
        intro: 'The programme has not gone live, so it closes with its reason alone. Once closed, nothing in it changes but notes; its history and audit trail stay readable.',
        submit: 'Close the programme',
        back: `/programmes/${programmeId}`,
      };
    }
    const outstanding = outstandingOf(judged.readiness);
    const lessons = { name: 'lessons', label: 'Lessons learned' };
    const fields: Field[] = [
      { kind: 'textarea', name: 'note', label: 'Why it is closed', hint: 'For example, handed over to the trust’s own teams. Kept with the closure for good' },
      ...AREAS.flatMap((area): Field[] => [
        { kind: 'textarea', name: `wentWell-${area}`, label: `${words(area)}: what went well`, group: lessons },
        { kind: 'textarea', name: `didNotGoWell-${area}`, label: `${words(area)}: what did not go well`, hint: 'And what to do differently next time', group: lessons },
      ]),
      { kind: 'textarea', name: 'exitStrategy', label: 'How the exit strategy was checked', hint: 'What happens to the service, staff and assets if the arrangement ends, and where that is written down' },
      ...outstanding.map((o): Field => ({ kind: 'text', name: `handover-${o.id}`, label: `Who carries on ${o.label}`, hint: 'A named owner outside the programme: a role or team', group: { name: 'handovers', label: `Who carries on ${o.label}` } })),
    ];
    return {
      spec: { fields, request: CloseProgrammeRequest },
      title: 'Close the programme',
      caption: programme.name,
      intro:
        `The programme went live on ${ukDate(programme.wentLiveOn ?? programme.goLiveDate)}. It closes with its lessons learned (at least one area), how the exit strategy was checked, and ` +
        (outstanding.length === 0 ? 'nothing outstanding.' : `each of the ${outstanding.length} things still outstanding handed over to a named owner outside the programme.`) +
        ' Once closed, nothing changes but notes.',
      submit: 'Close the programme',
      back: `/programmes/${programmeId}`,
      requestOf: (answers) => {
        const said = (name: string) => (typeof answers[name] === 'string' && (answers[name] as string).trim() !== '' ? (answers[name] as string) : undefined);
        return {
          ...(said('note') === undefined ? {} : { note: said('note') }),
          lessons: AREAS.flatMap((area) => {
            const [wentWell, didNotGoWell] = [said(`wentWell-${area}`), said(`didNotGoWell-${area}`)];
            return wentWell === undefined && didNotGoWell === undefined ? [] : [{ area, ...(wentWell ? { wentWell } : {}), ...(didNotGoWell ? { didNotGoWell } : {}) }];
          }),
          ...(said('exitStrategy') === undefined ? {} : { exitStrategy: said('exitStrategy') }),
          handovers: outstanding.flatMap((o) => (said(`handover-${o.id}`) === undefined ? [] : [{ id: o.id, to: said(`handover-${o.id}`) }])),
        };
      },
    };
  }

  private async moveGoLivePage(programmeId: string): Promise<FormPage<MoveGoLiveDateRequest>> {
    const { programme } = await this.forms.present(programmeId);
    return {
      spec: {
        fields: [
          { kind: 'date', name: 'date', label: 'New go-live date', hint: 'After today. For example, 1 6 2027' },
          { kind: 'checkboxes', name: 'reasons', label: 'Reasons', hint: 'Select all that apply', choices: GO_LIVE_MOVE_REASON_CODES.map((value) => ({ value, text: goLiveMoveReasonLabel(value) })) },
          { kind: 'textarea', name: 'note', label: 'Why, in words', hint: 'Kept with the move for good' },
        ],
        request: MoveGoLiveDateRequest,
      },
      title: 'Move the go-live date',
      caption: programme.name,
      intro: `The go-live date is now ${programme.goLiveDate}.`,
      submit: 'Move the date',
      back: `/programmes/${programmeId}`,
    };
  }
}
