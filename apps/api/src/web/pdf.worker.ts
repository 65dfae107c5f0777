import { Browser, chromium } from 'playwright-core';

/** From launching Chromium to the last page: a stuck browser must not hold a request, or a process, for ever. */
export const PRINT_TIMEOUT_MS = 30_000;

export interface PrintTask {
  readonly html: string;
  readonly chromiumPath: string;
}

/** The PDF, or why Chromium could not make it (an Error's class does not cross threads). */
export type PrintOutcome = { readonly pdf: Uint8Array } | { readonly failed: string };

/**
 * Prints a self-contained HTML page to an A4 PDF with headless Chromium: a browser per PDF, always
 * closed; JavaScript off and every request refused, so the page prints exactly what it was given.
 * Run in a worker thread by the built server, so that driving the browser (launching it, and the
 * protocol's messages, the PDF among them) takes nothing from the event loop.
 */
export default async function printPdf({ html, chromiumPath }: PrintTask): Promise<PrintOutcome> {
  const deadline = Date.now() + PRINT_TIMEOUT_MS;
  try {
    const browser = await chromium.launch({ executablePath: chromiumPath, timeout: PRINT_TIMEOUT_MS });
    try {
      return { pdf: await within(printIn(browser, html), deadline - Date.now()) };
    } finally {
      await browser.close();
    }
  } catch (error) {
    return { failed: firstLineOf(error) };
  }
}

async function printIn(browser: Browser, html: string): Promise<Buffer> {
  const page = await (await browser.newContext({ javaScriptEnabled: false, offline: true })).newPage();
  await page.route('**/*', (route) => route.abort());
  await page.setContent(html, { waitUntil: 'load' });
  // Tagged (headings, tables and lists as a screen reader reads them, PDF/UA's structure) with an outline of the headings.
  return page.pdf({ format: 'A4', printBackground: true, tagged: true, outline: true });
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
