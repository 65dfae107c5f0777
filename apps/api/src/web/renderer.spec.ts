import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Renderer, ukDate, ukDateTime } from './renderer';

const cacheOf = (renderer: Renderer) => (renderer as unknown as { env: { loaders: { cache: Record<string, unknown> }[] } }).env.loaders[0].cache;

describe('Renderer.warm', () => {
  it('compiles every page template ahead of its first use (and so finds any that does not compile)', async () => {
    const renderer = new Renderer();
    const pages = readdirSync(join(__dirname, '..', '..', 'views', 'pages')).filter((name) => name.endsWith('.njk'));
    expect(pages.length).toBeGreaterThan(10);
    expect(cacheOf(renderer)['pages/board-pack.njk']).toBeUndefined();
    await expect(renderer.warm()).resolves.toBe(pages.length);
    for (const page of pages) expect(cacheOf(renderer)[`pages/${page}`]).toBeDefined();
  });
});

describe('dates and times on the pages', () => {
  it('writes an instant as GOV.UK does, in UK time, summer or winter', () => {
    expect(ukDateTime('2025-09-22T09:04:00.000Z')).toBe('22 September 2025 at 10:04am');
    expect(ukDateTime('2027-01-15T17:30:00.000Z')).toBe('15 January 2027 at 5:30pm');
  });

  it('says midday and midnight rather than 12pm and 12am', () => {
    expect(ukDateTime('2027-01-15T12:00:00.000Z')).toBe('15 January 2027 at midday');
    expect(ukDateTime('2027-01-15T00:00:00.000Z')).toBe('15 January 2027 at midnight');
    expect(ukDateTime('2027-01-15T00:05:00.000Z')).toBe('15 January 2027 at 12:05am');
  });

  it('writes a day the same way, whether given as a date or an instant', () => {
    expect(ukDate('2028-04-01')).toBe('1 April 2028');
    expect(ukDate('2026-06-30T22:59:59.999Z')).toBe('30 June 2026');
  });
});
