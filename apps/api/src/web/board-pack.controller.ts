import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { RATING_THRESHOLDS } from '@tracker/readiness';
import { Readers } from '../access/auth/permissions';
import { BoardPack, BoardPacks, boardPackFilename, boardPackStyles } from './board-pack';
import { PageRequest, pastDayOf, programmePageContext } from './page-context';
import { PageErrorFilter } from './page-error.filter';
import { PdfPrinter, PdfUnavailableError } from './pdf-printer';
import { Renderer } from './renderer';

const TEMPLATE = 'pages/board-pack.njk';

/** The board pack: a page to print from the browser, and the same page printed to PDF by the server. */
@Readers()
@Controller()
export class BoardPackController {
  constructor(
    private readonly packs: BoardPacks,
    private readonly renderer: Renderer,
    private readonly printer: PdfPrinter,
  ) {}

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

  /** Today's pack, or with `?asOf=` the pack as it stood at the end of that day. */
  private async prepared(programmeId: string, query: { asOf?: string }): Promise<{ pack: BoardPack; asOf?: string }> {
    const { at, asOf } = pastDayOf(query);
    return { pack: at.asOf === undefined ? await this.packs.prepare(programmeId) : await this.packs.prepareAsOf(programmeId, at.asOf), asOf };
  }

  private context(request: PageRequest, programmeId: string, pack: BoardPack, asOf?: string) {
    return { ...programmePageContext(request, programmeId, asOf), title: `Board pack: ${pack.dashboard.programme.name}`, pack, thresholds: RATING_THRESHOLDS };
  }
}
