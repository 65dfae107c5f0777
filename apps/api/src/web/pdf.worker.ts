import { Browser, Page, chromium } from 'playwright-core';

/** From asking for a PDF to the last page: a stuck browser must not hold a request, or a process, for ever. */
export const PRINT_TIMEOUT_MS = 30_000;
/** A browser or a page that has not closed by then is left to itself. */
const CLOSE_TIMEOUT_MS = 5_000;
/** PDFs a page prints before it is closed and another opened. */
export const PRINTS_PER_PAGE = 50;
/** Pages kept waiting: as many as print at once (MAX_PRINTING, pdf-printer.ts). */
const MAX_IDLE_PAGES = 2;

/** Print a page; start Chromium (and a page) before the first print asks; close Chromium. */
export type PdfTask =
  | { readonly print: string; readonly chromiumPath: string }
  | { readonly warm: true; readonly chromiumPath: string }
  | { readonly close: true };

/** The PDF, or why Chromium could not make it (an Error's class does not cross threads); `ready` once warmed or closed. */
export type PdfOutcome = { readonly pdf: Uint8Array } | { readonly failed: string } | { readonly ready: true };

/**
 * Headless Chromium kept between PDFs. Launched for each PDF, Chromium took about a second to print
 * the demo's board pack, half of it launching, opening a page and closing again; kept, but with a
 * page opened for each PDF, starting and stopping that page's renderer still took 300–600 ms of
 * the CPU a print back to back needs. So the browser is launched once and its pages are kept, and
 * the pack prints in about 300 ms. Each page is in a context of its own, with JavaScript off and
 * every request refused: it prints exactly the HTML it is given, which replaces the one before,
 * and nothing else can reach it. A page is closed after {@link PRINTS_PER_PAGE} PDFs, so that no
 * renderer grows for ever. A browser that fails a print or takes too long is closed with its pages
 * (and any print in it then), and the next print launches another; one that crashed likewise.
 */
export class KeptChromium {
  private browser?: Promise<Browser>;
  private chromiumPath?: string;
  /** Pages waiting for a print, and how many each has printed. */
  private idle: { readonly page: Page; readonly printed: number }[] = [];
  /** The page warming opens, for the first print to take rather than open another beside it. */
  private opening?: Promise<Page>;
  /** Counts the browsers launched, so that a page of one closed since is not kept. */
  private generation = 0;

  async print(html: string, chromiumPath: string): Promise<PdfOutcome> {
    const deadline = Date.now() + PRINT_TIMEOUT_MS;
    let browser: Browser | undefined;
    try {
      browser = await within(this.launched(chromiumPath), deadline - Date.now());
      if (!browser.isConnected()) browser = await within(this.relaunched(browser, chromiumPath), deadline - Date.now());
      const generation = this.generation;
      const { page, printed } = this.idle.pop() ?? { page: await within(this.openedPage(browser), deadline - Date.now()), printed: 0 };
      const pdf = await within(printIn(page, html), deadline - Date.now());
      if (generation === this.generation && printed + 1 < PRINTS_PER_PAGE && this.idle.length < MAX_IDLE_PAGES) this.idle.push({ page, printed: printed + 1 });
      else void within(page.context().close(), CLOSE_TIMEOUT_MS).catch(() => undefined);
      return { pdf };
    } catch (error) {
      if (browser) await this.retire(browser);
      return { failed: firstLineOf(error) };
    }
  }

  /** Chromium launched and a page open, so that the first print waits for neither. */
  async warm(chromiumPath: string): Promise<PdfOutcome> {
    try {
      const browser = await this.launched(chromiumPath);
      const generation = this.generation;
      const opening = pageIn(browser);
      this.opening = opening;
      const page = await opening;
      if (this.opening !== opening) return { ready: true }; // a print has taken it
      this.opening = undefined;
      if (generation === this.generation && this.idle.length < MAX_IDLE_PAGES) this.idle.push({ page, printed: 0 });
      else await page.context().close();
      return { ready: true };
    } catch (error) {
      return { failed: firstLineOf(error) };
    }
  }

  async close(): Promise<PdfOutcome> {
    const browser = await this.forget()?.catch(() => undefined);
    if (browser) await within(browser.close(), CLOSE_TIMEOUT_MS).catch(() => undefined);
    return { ready: true };
  }

  private async openedPage(browser: Browser): Promise<Page> {
    const opening = this.opening;
    this.opening = undefined;
    return (await opening?.catch(() => undefined)) ?? pageIn(browser);
  }

  private launched(chromiumPath: string): Promise<Browser> {
    if (this.browser && this.chromiumPath === chromiumPath) return this.browser;
    if (this.browser) void this.close();
    const forgetIfKept = () => {
      if (this.browser === launching) this.forget();
    };
    const launching = chromium.launch({ executablePath: chromiumPath, timeout: PRINT_TIMEOUT_MS }).then((browser) => browser.on('disconnected', forgetIfKept));
    launching.catch(forgetIfKept);
    this.browser = launching;
    this.chromiumPath = chromiumPath;
    return launching;
  }

  /** Gone before it said so (it crashed, or was killed): another. */
  private async relaunched(gone: Browser, chromiumPath: string): Promise<Browser> {
    if ((await this.browser?.catch(() => undefined)) === gone) this.forget();
    return this.launched(chromiumPath);
  }

  /** Not trusted with the next print: closed, unless another has replaced it already. */
  private async retire(browser: Browser): Promise<void> {
    if ((await this.browser?.catch(() => undefined)) === browser) this.forget();
    await within(browser.close(), CLOSE_TIMEOUT_MS).catch(() => undefined);
  }

  /** The browser that was kept, if any, without its pages; the next print launches another. */
  private forget(): Promise<Browser> | undefined {
    const browser = this.browser;
    this.browser = undefined;
    this.idle = [];
    this.opening = undefined;
    this.generation += 1;
    return browser;
  }
}

async function pageIn(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled: false, offline: true })).newPage();
  await page.route('**/*', (route) => route.abort());
  return page;
}

async function printIn(page: Page, html: string): Promise<Buffer> {
  await page.setContent(html, { waitUntil: 'load' });
  // Tagged (headings, tables and lists as a screen reader reads them, PDF/UA's structure) with an outline of the headings.
  return page.pdf({ format: 'A4', printBackground: true, tagged: true, outline: true });
}

const kept = new KeptChromium();

/**
 * Run in a worker thread by the built server, so that driving the browser (the protocol's
 * messages, the PDF among them) takes nothing from the event loop. The thread keeps its browser
 * until it is told to close it.
 */
export default function pdfTask(task: PdfTask): Promise<PdfOutcome> {
  if ('close' in task) return kept.close();
  if ('warm' in task) return kept.warm(task.chromiumPath);
  return kept.print(task.print, task.chromiumPath);
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
