import { Inject, Injectable } from '@nestjs/common';
import { REGISTER_OF_KIND, SeenHead } from '@tracker/domain';
import { RATING_THRESHOLDS } from '@tracker/readiness';
import { Config } from '../config/config';
import { BoardPackTabler } from '../decisions/board-pack-tabler';
import { CONFIG } from '../infrastructure/tokens';
import { BoardPacks, boardPackStyles } from './board-pack';
import { PdfPrinter, PdfUnavailableError } from './pdf-printer';
import { Renderer } from './renderer';

/**
 * Prints the board pack as it stood at a decision's chain head, for the decision to keep. Rendered
 * without anyone signed in (no name, no form token in a kept document), with every style inlined;
 * when Chromium cannot print, the same self-contained page is kept instead and the answer says why.
 */
@Injectable()
export class TabledBoardPackPrinter implements BoardPackTabler {
  constructor(
    private readonly packs: BoardPacks,
    private readonly renderer: Renderer,
    private readonly printer: PdfPrinter,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async table(programmeId: string, head: SeenHead) {
    const pack = await this.packs.prepare(programmeId, head);
    const html = this.renderer.render('pages/board-pack.njk', {
      section: 'programmes',
      programmeId,
      asOfQuery: '',
      registers: Object.values(REGISTER_OF_KIND),
      can: { advise: false, decide: false },
      title: `Board pack: ${pack.dashboard.programme.name}`,
      pack,
      thresholds: RATING_THRESHOLDS,
      styles: boardPackStyles(),
    });
    if (this.config.decisionBoardPack === 'html') return { bytes: Buffer.from(html, 'utf8'), mediaType: 'text/html' as const };
    try {
      return { bytes: await this.printer.print(html), mediaType: 'application/pdf' as const };
    } catch (error) {
      if (!(error instanceof PdfUnavailableError)) throw error;
      return { bytes: Buffer.from(html, 'utf8'), mediaType: 'text/html' as const, unavailable: error.message };
    }
  }
}
