import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccessDirectory } from '@tracker/read-models';
import { Principal } from '../../auth/auth.guard';
import { Permit } from '../../auth/permissions';

@Controller('api/me')
export class WhoAmIHttpController {
  constructor(private readonly directory: AccessDirectory) {}

  /** Who the credentials belong to, and the programmes they may see. */
  @Get()
  @Permit('signed-in')
  me(@Req() request: FastifyRequest & { principal: Principal }) {
    const { userId, email, name, administrator } = request.principal;
    return { id: userId, email, name, administrator, programmes: [...this.directory.programmesOf(userId)] };
  }
}
