import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { newIdFor } from '../../../shared/ids';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { AddNoteCommand } from './add-note.command';
import { AddNoteRequest } from './add-note.request.dto';
import { Advisers } from '../../../access/auth/permissions';

/** Notes are the one thing that can still be written after go-live and after closure. */
@Advisers()
@Controller('api/programmes/:programmeId/notes')
export class AddNoteHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async add(
    @Param('programmeId') programmeId: string,
    @Body() body: AddNoteRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    // A retried request with the same Idempotency-Key must name the same note.
    const noteId = newIdFor('note', programmeId, context);
    const result = await this.commands.execute(new AddNoteCommand(programmeId, noteId, body, context));
    return writeResponse(reply, noteId, result);
  }
}
