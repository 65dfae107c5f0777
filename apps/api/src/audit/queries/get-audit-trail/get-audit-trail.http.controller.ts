import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { exportLine } from '@tracker/audit';
import { Readers } from '../../../access/auth/permissions';
import { page } from '../../../readiness/queries/list-register/list-register.request.dto';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { AuditTrail, toCsv } from '../../audit-trail';
import { GetAuditTrailRequest } from './get-audit-trail.request.dto';

@Readers()
@Controller('api/programmes/:programmeId/audit')
export class GetAuditTrailHttpController {
  constructor(
    private readonly trail: AuditTrail,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  /** Every event of the programme with who, when, what and why; filtered, paged, or downloaded whole. */
  @Get()
  async get(@Param('programmeId') programmeId: string, @Query() query: GetAuditTrailRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.programmes.read(programmeId);
    const entries = await this.trail.entries(programmeId, query);
    const filename = `audit-${programmeId}`;
    switch (query.format ?? 'json') {
      case 'csv':
        void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}.csv"`);
        return toCsv(entries);
      case 'jsonl':
        // Each line is the stored event with its chain link, as the offline verifier reads it.
        void reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="${filename}.jsonl"`);
        return entries.map((entry) => `${exportLine(entry.event, { previousHash: entry.previousHash, hash: entry.hash })}\n`).join('');
      default:
        return page(entries.map(({ event: _event, ...entry }) => entry), query);
    }
  }
}
