import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { exportLine } from '@tracker/audit';
import { Readers } from '../../../access/auth/permissions';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { AuditEntry, AuditTrail, csvLines } from '../../audit-trail';
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
    const filename = `audit-${programmeId}`;
    // The downloads are streamed as the history is read, so a million events never sit in memory at
    // once. A store that fails part-way cuts the download short rather than answering an error.
    switch (query.format ?? 'json') {
      case 'csv':
        void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}.csv"`);
        return new StreamableFile(Readable.from(csvLines(this.trail.stream(programmeId, query))));
      case 'jsonl':
        // Each line is the stored event with its chain link, as the offline verifier reads it.
        void reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="${filename}.jsonl"`);
        return new StreamableFile(Readable.from(jsonLines(this.trail.stream(programmeId, query))));
      default: {
        // One page, from the audit index: the same at a million events as at a hundred.
        const offset = query.offset ?? 0;
        const limit = query.limit ?? 100;
        const { entries, total } = await this.trail.page(programmeId, query, offset, limit);
        return { items: entries.map(({ event: _event, ...entry }) => entry), total, offset, limit };
      }
    }
  }
}

async function* jsonLines(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  for await (const entry of entries) yield `${exportLine(entry.event, { previousHash: entry.previousHash, hash: entry.hash })}\n`;
}
