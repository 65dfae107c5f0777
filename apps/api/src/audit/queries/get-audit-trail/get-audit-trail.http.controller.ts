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
    const entries = this.trail.stream(programmeId, query);
    const filename = `audit-${programmeId}`;
    // The downloads are streamed as the history is read, so a million events never sit in memory at
    // once. A store that fails part-way cuts the download short rather than answering an error.
    switch (query.format ?? 'json') {
      case 'csv':
        void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}.csv"`);
        return new StreamableFile(Readable.from(csvLines(entries)));
      case 'jsonl':
        // Each line is the stored event with its chain link, as the offline verifier reads it.
        void reply.type('application/x-ndjson; charset=utf-8').header('content-disposition', `attachment; filename="${filename}.jsonl"`);
        return new StreamableFile(Readable.from(jsonLines(entries)));
      default:
        return pageOf(entries, query);
    }
  }
}

async function* jsonLines(entries: AsyncIterable<AuditEntry>): AsyncGenerator<string> {
  for await (const entry of entries) yield `${exportLine(entry.event, { previousHash: entry.previousHash, hash: entry.hash })}\n`;
}

/** One page of the entries, counting the rest without keeping them. */
async function pageOf(entries: AsyncIterable<AuditEntry>, request: GetAuditTrailRequest) {
  const offset = request.offset ?? 0;
  const limit = request.limit ?? 100;
  const items: Omit<AuditEntry, 'event'>[] = [];
  let total = 0;
  for await (const { event: _event, ...entry } of entries) {
    if (total >= offset && items.length < limit) items.push(entry);
    total++;
  }
  return { items, total, offset, limit };
}
