import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { Permit } from '../../../access/auth/permissions';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Context, RequestContext } from '../../../shared/request-context';
import { NoFields } from '../../../shared/validation';
import { Digests } from '../../digests';

/** A digest on demand. Auditors write nothing, so they read digests and verify rather than take them. */
@Permit('adviser', 'board')
@Controller('api/programmes/:programmeId/digests')
export class TakeDigestHttpController {
  constructor(
    private readonly digests: Digests,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  @Post()
  @HttpCode(201)
  async take(@Param('programmeId') programmeId: string, @Body(NoFields) _body: unknown, @Context() context: RequestContext) {
    await this.programmes.read(programmeId);
    return this.digests.take(programmeId, context, 'on request');
  }
}
