import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { KIND_OF_REGISTER, NotFoundError } from '@tracker/domain';
import { GetItemQuery } from './get-item.query';
import { ItemView } from './get-item.handler';
import { Readers } from '../../../access/auth/permissions';


@Readers()
@Controller('api/programmes/:programmeId')
export class GetItemHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':register/:itemId')
  async get(
    @Param('programmeId') programmeId: string,
    @Param('register') register: string,
    @Param('itemId') itemId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ItemView> {
    const kind = KIND_OF_REGISTER.get(register);
    if (kind === undefined) throw new NotFoundError('register', register);
    const item = await this.queries.execute(new GetItemQuery(programmeId, kind, itemId));
    void reply.header('etag', `"${item.version}"`);
    return item;
  }
}
