import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Renderer } from './renderer';

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
