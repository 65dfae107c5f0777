import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Principal } from '../../../access/auth/auth.guard';
import { QueryBus } from '@nestjs/cqrs';
import { ProgrammeRow } from '@tracker/read-models';
import { ListProgrammesQuery } from './list-programmes.query';
import { Permit } from '../../../access/auth/permissions';

@Permit('signed-in')
@Controller('api/programmes')
export class ListProgrammesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@Req() request: FastifyRequest & { principal: Principal }): Promise<{ items: ProgrammeRow[] }> {
    return this.queries.execute(new ListProgrammesQuery(request.principal));
  }
}
