import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { FindingView } from './get-finding.handler';
import { GetFindingQuery } from './get-finding.query';
import { Readers } from '../../../access/auth/permissions';

@Readers()
@Controller('api/programmes/:programmeId/findings')
export class GetFindingHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':findingId')
  async get(
    @Param('programmeId') programmeId: string,
    @Param('findingId') findingId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FindingView> {
    const finding = await this.queries.execute(new GetFindingQuery(programmeId, findingId));
    void reply.header('etag', `"${finding.version}"`);
    return finding;
  }
}
