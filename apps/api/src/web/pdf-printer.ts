import { Inject, Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import { Browser, chromium } from 'playwright-core';
import { Config } from '../config/config';
import { CONFIG, LOGGER } from '../infrastructure/tokens';

/** From launching Chromium to the last page: a stuck browser must not hold a request, or a process, for ever. */
export const PRINT_TIMEOUT_MS = 30_000;

/** Chromium prints this many PDFs at once; more requests wait their turn rather than start more browsers. */
const MAX_PRINTING = 2;

/** No PDF can be made now (Chromium missing, not starting, failing or too slow); the page it prints still works. */
export class PdfUnavailableError extends Error {
  readonly code = 'PDF_UNAVAILABLE';

  constructor(
    message: string,
    /** Where the same content is as a page to print from a browser, once known. */
    readonly printablePage?: string,
  ) {
    super(message);
    this.name = 'PdfUnavailableError';
  }
}

/**
 * Prints a self-contained HTML page to an A4 PDF with headless Chromium. A browser per PDF, always
 * closed; JavaScript off and every request refused, so the page prints exactly what it was given.
 */
@Injectable()
export class PdfPrinter {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private printing = 0;
  private readonly waiting: (() => void)[] = [];

  async print(html: string): Promise<Buffer> {
    if (this.printing >= MAX_PRINTING) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.printing++;
    try {
      return await this.printNow(html);
    } finally {
      this.printing--;
      this.waiting.shift()?.();
    }
  }

  private async printNow(html: string): Promise<Buffer> {
    const { chromiumPath } = this.config;
    if (!existsSync(chromiumPath)) throw new PdfUnavailableError(`There is no Chromium at ${chromiumPath}: install it (on Debian, apt-get install chromium) or set CHROMIUM_PATH`);
    const deadline = Date.now() + PRINT_TIMEOUT_MS;
    try {
      const browser = await chromium.launch({ executablePath: chromiumPath, timeout: PRINT_TIMEOUT_MS });
      try {
        return await within(printIn(browser, html), deadline - Date.now());
      } finally {
        await browser.close();
      }
    } catch (error) {
      this.logger.warn({ err: error, chromiumPath }, 'could not print a PDF');
      throw new PdfUnavailableError(`Chromium at ${chromiumPath} could not print the PDF (${firstLineOf(error)})`);
    }
  }
}

async function printIn(browser: Browser, html: string): Promise<Buffer> {
  const page = await (await browser.newContext({ javaScriptEnabled: false, offline: true })).newPage();
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html, { waitUntil: 'load' });
  return page.pdf({ format: 'A4', printBackground: true });
}

/** The work's answer, or a refusal once `ms` have passed; the caller's cleanup then stops the work. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${PRINT_TIMEOUT_MS / 1000} s`)), Math.max(0, ms));
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function firstLineOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
