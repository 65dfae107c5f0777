import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { newIdFor } from '../../../shared/ids';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { RegisterProgrammeCommand } from './register-programme.command';
import { RegisterProgrammeRequest } from './register-programme.request.dto';
import { AdministratorsOnly } from '../../../access/auth/permissions';

@AdministratorsOnly()
@Controller('api/programmes')
export class RegisterProgrammeHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async register(
    @Body() body: RegisterProgrammeRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    // A retried request with the same Idempotency-Key must name the same programme.
    const id = newIdFor('programme', undefined, context);
    const result = await this.commands.execute(new RegisterProgrammeCommand({ programmeId: id, ...body }, context));
    void reply.header('location', `/api/programmes/${id}`);
    return writeResponse(reply, id, result);
  }
}
