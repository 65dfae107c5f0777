import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { GO_LIVE_MOVE_REASON_CODES, goLiveMoveReasonLabel } from '@tracker/domain';
import { Board } from '../../access/auth/permissions';
import { MoveGoLiveDateCommand } from '../commands/move-go-live-date/move-go-live-date.command';
import { MoveGoLiveDateRequest } from '../commands/move-go-live-date/move-go-live-date.request.dto';
import { Context, RequestContext } from '../../shared/request-context';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Answers, FormPage, FormPages } from '../../web/form-page';

/** The board moves the go-live date, with its reasons. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId')
export class GoLiveFormPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
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

  // What the form is.

  private async moveGoLivePage(programmeId: string): Promise<FormPage<MoveGoLiveDateRequest>> {
    const { programme } = await this.forms.present(programmeId);
    return {
      spec: {
        fields: [
          { kind: 'date', name: 'date', label: 'New go-live date', hint: 'After today. For example, 2027-06-01' },
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
