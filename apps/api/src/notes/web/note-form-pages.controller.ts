import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AREAS } from '@tracker/domain';
import { Advisers } from '../../access/auth/permissions';
import { AddNoteCommand } from '../commands/add-note/add-note.command';
import { AddNoteRequest } from '../commands/add-note/add-note.request.dto';
import { newIdFor } from '../../shared/ids';
import { Context, RequestContext } from '../../shared/request-context';
import { Field, choicesOf } from '../../shared/forms';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Answers, FormPage, FormPages } from '../../web/form-page';

const NOTE_FIELD: Field = { kind: 'textarea', name: 'text', label: 'Note', hint: 'Notes are never changed; a later note can correct one' };

/** An adviser adds a note about the programme, an area, an item or a finding. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId')
export class NoteFormPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
  ) {}

  // Notes, about the programme, an area, an item or a finding.

  @Get(['notes/new', 'registers/:register/:itemId/notes/new', 'findings/:findingId/notes/new'])
  @Advisers()
  async noteForm(@Param() params: NoteParams, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, params.programmeId, await this.notePage(params));
  }

  @Post(['notes/new', 'registers/:register/:itemId/notes/new', 'findings/:findingId/notes/new'])
  @Advisers()
  async addNote(@Param() params: NoteParams, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.notePage(params);
    return this.forms.submit(reply, request, params.programmeId, page, form, async (body: AddNoteRequest) => {
      await this.commands.execute(new AddNoteCommand(params.programmeId, newIdFor('note', params.programmeId, context), body, context));
      return `${page.back}?done=note`;
    });
  }

  // What the form is.

  private async notePage({ programmeId, register, itemId, findingId }: NoteParams): Promise<FormPage<AddNoteRequest>> {
    const page = { spec: { fields: [NOTE_FIELD], request: AddNoteRequest }, title: 'Add a note', submit: 'Add the note' };
    if (itemId !== undefined) {
      const { programme, item } = await this.forms.itemOf(programmeId, register!, itemId);
      return { ...page, caption: `${programme.name}: ${item.reference}`, back: `/programmes/${programmeId}/registers/${register}/${itemId}`, requestOf: (a) => ({ ...a, target: { kind: 'item', itemId } }) };
    }
    if (findingId !== undefined) {
      const { programme, finding } = await this.forms.findingOf(programmeId, findingId);
      return { ...page, caption: `${programme.name}: ${finding.title}`, back: `/programmes/${programmeId}/findings/${findingId}`, requestOf: (a) => ({ ...a, target: { kind: 'finding', findingId } }) };
    }
    const { programme } = await this.forms.present(programmeId);
    const area: Field = { kind: 'select', name: 'area', label: 'About an area (optional)', empty: 'The whole programme', choices: choicesOf(AREAS) };
    return {
      ...page,
      spec: { fields: [area, NOTE_FIELD], request: AddNoteRequest },
      caption: programme.name,
      back: `/programmes/${programmeId}`,
      requestOf: ({ area: chosen, ...rest }) => ({ ...rest, target: chosen === undefined ? { kind: 'programme' } : { kind: 'area', area: chosen } }),
    };
  }
}

interface NoteParams {
  readonly programmeId: string;
  readonly register?: string;
  readonly itemId?: string;
  readonly findingId?: string;
}

