import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RATING_THRESHOLDS } from '@tracker/readiness';
import { Readers } from '../access/auth/permissions';
import { ChainVerification } from '../audit/chain-verification';
import { Digests } from '../audit/digests';
import { ProgrammeFactsReader } from '../shared/programme-facts.reader';
import { digestIn, packCheckOutcome } from './pack-check';
import { BoardPack, BoardPacks, boardPackFilename, boardPackStyles } from './board-pack';
import { PageRequest, pastDayOf, programmePageContext } from './page-context';
import { PageErrorFilter } from './page-error.filter';
import { PdfPrinter, PdfUnavailableError } from './pdf-printer';
import { Renderer } from './renderer';

const TEMPLATE = 'pages/board-pack.njk';
const CHECK_TEMPLATE = 'pages/board-pack-check.njk';

/** The board pack: a page to print from the browser, and the same page printed to PDF by the server. */
@Readers()
@Controller()
export class BoardPackController {
  constructor(
    private readonly packs: BoardPacks,
    private readonly renderer: Renderer,
    private readonly printer: PdfPrinter,
    private readonly verification: ChainVerification,
    private readonly facts: ProgrammeFactsReader,
    private readonly digests: Digests,
  ) {}

  /** A page to check a pack a board member holds: paste or upload its signed digest. */
  @Get('programmes/:programmeId/board-pack/check')
  @UseFilters(PageErrorFilter)
  async checkForm(@Param('programmeId') programmeId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    await this.facts.read(programmeId);
    return this.renderer.send(reply, CHECK_TEMPLATE, { ...programmePageContext(request, programmeId), title: 'Check a board pack', errors: [] });
  }

  /** Writes nothing: a POST because it takes the digest in. The whole chain is recomputed, as for the audit trail's check. */
  @Post('programmes/:programmeId/board-pack/check')
  @HttpCode(200)
  @UseFilters(PageErrorFilter)
  async check(@Param('programmeId') programmeId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    await this.facts.read(programmeId);
    const form = (request.body ?? {}) as { digest?: unknown; digestFile?: unknown };
    const pasted = typeof form.digest === 'string' ? form.digest : '';
    const file = Buffer.isBuffer(form.digestFile) && form.digestFile.length > 0 ? form.digestFile : undefined;
    const answer = digestIn(pasted.trim() === '' && file ? file.toString('utf8') : pasted, programmeId);
    const context = { ...programmePageContext(request, programmeId), title: 'Check a board pack', pasted };
    if ('problem' in answer) {
      const field = pasted.trim() === '' && file ? 'digestFile' : 'digest';
      return this.renderer.send(reply, CHECK_TEMPLATE, { ...context, errors: [{ text: answer.problem, href: `#${field}` }], fieldErrors: { [field]: { text: answer.problem } } }, 400);
    }
    const outcome = packCheckOutcome(answer.digest, await this.verification.verify(programmeId, [answer.digest]));
    return this.renderer.send(reply, CHECK_TEMPLATE, { ...context, errors: [], digest: answer.digest, outcome });
  }

  @Get('programmes/:programmeId/board-pack')
  @UseFilters(PageErrorFilter)
  async page(@Param('programmeId') programmeId: string, @Query() query: { asOf?: string }, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { pack, asOf } = await this.prepared(programmeId, query);
    return this.renderer.send(reply, TEMPLATE, this.context(request, programmeId, pack, asOf));
  }

  /** Without Chromium the answer is 503 pointing to the page, which prints just as well from a browser. */
  @Get('api/programmes/:programmeId/board-pack.pdf')
  async pdf(@Param('programmeId') programmeId: string, @Query() query: { asOf?: string }, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { pack, asOf } = await this.prepared(programmeId, query);
    const html = this.renderer.render(TEMPLATE, { ...this.context(request, programmeId, pack, asOf), styles: boardPackStyles() });
    try {
      const pdf = await this.printer.print(html);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${boardPackFilename(pack)}"`).send(pdf);
    } catch (error) {
      if (error instanceof PdfUnavailableError) throw new PdfUnavailableError(error.message, `/programmes/${programmeId}/board-pack`);
      throw error;
    }
  }

  /**
   * The go-live picture: the pack over exactly what the digest signed as go-live was recorded, judged
   * on that day and stamped with that digest. It never changes, whatever is recorded in the tail.
   */
  @Get('programmes/:programmeId/go-live-picture')
  @UseFilters(PageErrorFilter)
  async picturePage(@Param('programmeId') programmeId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const pack = await this.picture(programmeId);
    return this.renderer.send(reply, TEMPLATE, { ...this.context(request, programmeId, pack), title: `Go-live picture: ${pack.dashboard.programme.name}`, picture: true });
  }

  @Get('api/programmes/:programmeId/go-live-picture')
  async pictureData(@Param('programmeId') programmeId: string) {
    const { trend, ...pack } = await this.picture(programmeId);
    return { ...pack, trend: trend.days };
  }

  @Get('api/programmes/:programmeId/go-live-picture.pdf')
  async picturePdf(@Param('programmeId') programmeId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const pack = await this.picture(programmeId);
    const html = this.renderer.render(TEMPLATE, { ...this.context(request, programmeId, pack), picture: true, styles: boardPackStyles() });
    try {
      const pdf = await this.printer.print(html);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${boardPackFilename(pack, 'go-live-picture')}"`).send(pdf);
    } catch (error) {
      if (error instanceof PdfUnavailableError) throw new PdfUnavailableError(error.message, `/programmes/${programmeId}/go-live-picture`);
      throw error;
    }
  }

  private async picture(programmeId: string): Promise<BoardPack> {
    const { status } = await this.facts.read(programmeId);
    return this.packs.atDigest(await this.digests.ofGoLive(programmeId, status));
  }

  /** Today's pack, or with `?asOf=` the pack as it stood at the end of that day. */
  private async prepared(programmeId: string, query: { asOf?: string }): Promise<{ pack: BoardPack; asOf?: string }> {
    const { at, asOf } = pastDayOf(query);
    return { pack: at.asOf === undefined ? await this.packs.prepare(programmeId) : await this.packs.prepareAsOf(programmeId, at.asOf), asOf };
  }

  private context(request: PageRequest, programmeId: string, pack: BoardPack, asOf?: string) {
    return { ...programmePageContext(request, programmeId, asOf), title: `Board pack: ${pack.dashboard.programme.name}`, pack, thresholds: RATING_THRESHOLDS };
  }
}
