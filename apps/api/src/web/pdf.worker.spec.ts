import { existsSync } from 'node:fs';
import { Browser, chromium } from 'playwright-core';
import { KeptChromium, PdfOutcome } from './pdf.worker';

const CHROMIUM = '/usr/bin/chromium';
const withChromium = existsSync(CHROMIUM) ? it : it.skip;
const HTML = '<!doctype html><html lang="en"><head><title>Pack</title></head><body><h1>Board pack</h1><p>Readiness overall: amber.</p></body></html>';

const isPdf = (outcome: PdfOutcome) => 'pdf' in outcome && Buffer.from(outcome.pdf).subarray(0, 5).toString('latin1') === '%PDF-';

describe('KeptChromium', () => {
  let kept: KeptChromium;
  let launched: Browser[];
  beforeEach(() => {
    kept = new KeptChromium();
    launched = [];
    const launch = chromium.launch.bind(chromium);
    jest.spyOn(chromium, 'launch').mockImplementation(async (options) => {
      const browser = await launch(options);
      launched.push(browser);
      return browser;
    });
  });
  afterEach(async () => {
    await kept.close();
    jest.restoreAllMocks();
  });

  withChromium('launches Chromium once for PDF after PDF, and once for two printed at the same time', async () => {
    expect(isPdf(await kept.print(HTML, CHROMIUM))).toBe(true);
    expect(isPdf(await kept.print(HTML, CHROMIUM))).toBe(true);
    const [one, two] = await Promise.all([kept.print(HTML, CHROMIUM), kept.print(HTML, CHROMIUM)]);
    expect([isPdf(one), isPdf(two)]).toEqual([true, true]);
    expect(launched).toHaveLength(1);
  });

  withChromium('warmed, prints in the browser it started', async () => {
    expect(await kept.warm(CHROMIUM)).toEqual({ ready: true });
    expect(isPdf(await kept.print(HTML, CHROMIUM))).toBe(true);
    expect(launched).toHaveLength(1);
  });

  withChromium('launches another when the one it kept has gone, and closes the one it keeps', async () => {
    expect(isPdf(await kept.print(HTML, CHROMIUM))).toBe(true);
    await launched[0].close(); // as if it had crashed
    expect(isPdf(await kept.print(HTML, CHROMIUM))).toBe(true);
    expect(launched).toHaveLength(2);
    await kept.close();
    expect(launched.map((browser) => browser.isConnected())).toEqual([false, false]);
  });

  it('says why when Chromium does not start, and tries again for the next PDF', async () => {
    expect(await kept.print(HTML, '/bin/false')).toEqual({ failed: expect.any(String) });
    expect(await kept.warm('/bin/false')).toEqual({ failed: expect.any(String) });
    expect(chromium.launch).toHaveBeenCalledTimes(2);
  });
});
