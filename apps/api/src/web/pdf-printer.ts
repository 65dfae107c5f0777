import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HttpProblem } from '../shared/http-problem';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { Config } from '../config/config';
import { CONFIG, LOGGER } from '../infrastructure/tokens';
import { ServerBusyError } from '../shared/server-busy';
import { Slots } from '../shared/slots';
import { WorkerPool, compiledWorker } from '../shared/worker-pool';
import { KeptChromium, PdfOutcome, PdfTask } from './pdf.worker';

export { PRINT_TIMEOUT_MS } from './pdf.worker';

/** Chromium prints this many PDFs at once; a few more requests wait their turn, the rest get 503. */
const MAX_PRINTING = 2;
const PRINT_QUEUE_LIMIT = 8;

/** No PDF can be made now (Chromium missing, not starting, failing or too slow); the page it prints still works. */
export class PdfUnavailableError extends HttpProblem {
  readonly status = 503;
  readonly code = 'PDF_UNAVAILABLE';

  constructor(
    message: string,
    /** Where the same content is as a page to print from a browser, once known. */
    readonly printablePage?: string,
  ) {
    super(message);
    this.name = 'PdfUnavailableError';
  }

  /** With where to print the same content from a browser, once known. */
  override body() {
    const where = this.printablePage ? `. The printable page is at ${this.printablePage}: print it from a browser.` : '.';
    return { code: this.code, message: `${this.message}${where}`, details: this.printablePage ? [{ printablePage: this.printablePage }] : [] };
  }
}

/**
 * Prints a self-contained HTML page to an A4 PDF with headless Chromium, kept between PDFs
 * (pdf.worker.ts): in one worker thread, which keeps the browser, when the server runs from its
 * build; at most {@link MAX_PRINTING} at once with a short queue, and past that 503 rather than more.
 */
@Injectable()
export class PdfPrinter implements OnModuleDestroy {
  private readonly pool?: WorkerPool<PdfTask, PdfOutcome>;
  private readonly inProcess = new Slots(MAX_PRINTING, PRINT_QUEUE_LIMIT, busy);
  private readonly chromium = new KeptChromium();

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const worker = compiledWorker(__dirname, 'pdf.worker');
    // One thread, so one browser; its prints mostly wait on Chromium, so it drives several at once.
    if (worker) this.pool = new WorkerPool(worker, { busy, threads: 1, tasksPerThread: MAX_PRINTING, keepThreads: true, queueLimit: PRINT_QUEUE_LIMIT });
  }

  async print(html: string): Promise<Buffer> {
    const { chromiumPath } = this.config;
    if (!existsSync(chromiumPath)) throw new PdfUnavailableError(`There is no Chromium at ${chromiumPath}: install it (on Debian, apt-get install chromium) or set CHROMIUM_PATH`);
    let outcome: PdfOutcome;
    try {
      outcome = this.pool ? await this.pool.run({ print: html, chromiumPath }) : await this.inProcess.run(() => this.chromium.print(html, chromiumPath));
    } catch (error) {
      // Too busy is the caller's to say (503); anything else — the thread lost, the browser gone —
      // is Chromium not printing, which a decision answers by keeping the printable page.
      if (error instanceof HttpProblem) throw error;
      this.logger.warn({ err: error, chromiumPath }, 'could not print a PDF');
      throw new PdfUnavailableError(`Chromium at ${chromiumPath} could not print the PDF (${(error as Error).message})`);
    }
    if ('pdf' in outcome) return Buffer.from(outcome.pdf.buffer, outcome.pdf.byteOffset, outcome.pdf.byteLength);
    const problem = 'failed' in outcome ? outcome.failed : 'no PDF came back';
    this.logger.warn({ problem, chromiumPath }, 'could not print a PDF');
    throw new PdfUnavailableError(`Chromium at ${chromiumPath} could not print the PDF (${problem})`);
  }

  /**
   * Launches Chromium and opens a page before any PDF is asked for: the first after start-up
   * waited a second more for them. Nothing when there is no Chromium: the first PDF says so.
   */
  async warm(): Promise<void> {
    const { chromiumPath } = this.config;
    if (!existsSync(chromiumPath)) return;
    const outcome = this.pool ? await this.pool.run({ warm: true, chromiumPath }) : await this.chromium.warm(chromiumPath);
    if ('failed' in outcome) throw new PdfUnavailableError(`Chromium at ${chromiumPath} did not start (${outcome.failed})`);
  }

  async onModuleDestroy(): Promise<void> {
    // Closed by the thread that keeps it, which then removes its profile from the temp folder (a
    // thread stopped with its browser open leaves it there); a thread never started has none.
    if (this.pool?.started) await this.pool.run({ close: true }).catch(() => undefined);
    await this.pool?.close();
    await this.chromium.close();
  }
}

const busy = () => new ServerBusyError('Other PDFs are being printed');
