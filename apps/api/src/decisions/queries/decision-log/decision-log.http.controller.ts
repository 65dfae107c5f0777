import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readers } from '../../../access/auth/permissions';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { DecisionLog, DecisionLogAnswer } from './decision-log';

const EXTENSION: Record<string, string> = { 'application/pdf': 'pdf', 'text/html': 'html' };

@Readers()
@Controller('api/programmes/:programmeId/decisions')
export class DecisionLogHttpController {
  constructor(
    private readonly log: DecisionLog,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  /** Every decision, newest first, and what waits on the board. */
  @Get()
  async list(@Param('programmeId') programmeId: string): Promise<DecisionLogAnswer> {
    await this.programmes.read(programmeId);
    return this.log.list(programmeId);
  }

  /** The board pack as tabled when the decision was taken: the kept bytes, checked against their SHA-256. */
  @Get(':decisionId/board-pack')
  async boardPack(@Param('programmeId') programmeId: string, @Param('decisionId') decisionId: string, @Res() reply: FastifyReply) {
    await this.programmes.read(programmeId);
    const { pack, bytes } = this.log.boardPack(programmeId, decisionId);
    const type = pack.mediaType === 'text/html' ? 'text/html; charset=utf-8' : pack.mediaType;
    return reply
      .type(type)
      .header('content-disposition', `attachment; filename="board-pack-${decisionId}.${EXTENSION[pack.mediaType] ?? 'bin'}"`)
      .header('x-content-sha256', pack.sha256)
      .send(bytes);
  }
}
