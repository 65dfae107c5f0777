import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { AdministratorsOnly } from '../../auth/permissions';
import { CreateUserCommand } from './create-user.command';
import { CreateUserRequest } from './create-user.request.dto';

@Controller('api/users')
export class CreateUserHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @AdministratorsOnly()
  async create(@Body() body: CreateUserRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<WriteResponse> {
    const { userId, result } = await this.commands.execute(
      new CreateUserCommand(body.email, body.name, body.administrator ?? false, context),
    );
    return writeResponse(reply, userId, result);
  }
}
