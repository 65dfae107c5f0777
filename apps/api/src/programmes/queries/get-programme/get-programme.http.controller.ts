import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ProgrammeRow } from '@tracker/read-models';
import { GetProgrammeQuery } from './get-programme.query';
import { Readers } from '../../../access/auth/permissions';

@Readers()
@Controller('api/programmes')
export class GetProgrammeHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':programmeId')
  async get(
    @Param('programmeId') programmeId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProgrammeRow> {
    const programme = await this.queries.execute(new GetProgrammeQuery(programmeId));
    void reply.header('etag', `"${programme.version}"`);
    return programme;
  }
}
