import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import { AREA_OF_KIND, REGISTER_OF_KIND } from '@tracker/domain';
import { words } from '../shared/words';

/** The register an area's items are listed in: "staff" → "staff-groups". */
const REGISTER_OF_AREA = new Map(Object.entries(AREA_OF_KIND).map(([kind, area]) => [area as string, REGISTER_OF_KIND[kind as keyof typeof REGISTER_OF_KIND] as string]));

/** The repository root, found from here whether running from source or from dist/. */
function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the project root (no package.json above the web module)');
    dir = parent;
  }
  return dir;
}

export const ROOT = projectRoot();
export const GOVUK_FRONTEND = join(ROOT, 'node_modules', 'govuk-frontend', 'dist');

const RATING_WORDS: Record<string, string> = { green: 'Green', 'amber-green': 'Amber/Green', amber: 'Amber', 'amber-red': 'Amber/Red', red: 'Red' };
/** One colour per point of the five-point scale, everywhere it is shown. */
export const RATING_COLOURS: Record<string, { tag: string; fill: string }> = {
  green: { tag: 'govuk-tag--green', fill: '#00703c' },
  'amber-green': { tag: 'govuk-tag--turquoise', fill: '#28a197' },
  amber: { tag: 'govuk-tag--yellow', fill: '#ffdd00' },
  'amber-red': { tag: 'govuk-tag--orange', fill: '#f47738' },
  red: { tag: 'govuk-tag--red', fill: '#d4351c' },
};
const STATUS_TAGS: Record<string, string> = { ready: 'govuk-tag--green', 'at-risk': 'govuk-tag--yellow', 'not-ready': 'govuk-tag--red', 'not-applicable': 'govuk-tag--grey' };
const SEVERITY_TAGS: Record<string, string> = { critical: 'govuk-tag--red', high: 'govuk-tag--orange', medium: 'govuk-tag--yellow', low: 'govuk-tag--grey' };
const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', minute: '2-digit', hourCycle: 'h23' });

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}


/**
 * An instant as GOV.UK writes it, in UK time: "22 September 2025 at 10:04am", "1 April 2027 at
 * midday" (GOV.UK style guide: times). One format on every page.
 */
export function ukDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const instant = new Date(value);
  const [hour, minute] = LONDON_CLOCK.format(instant).split(':').map(Number);
  const time = minute === 0 && hour === 12 ? 'midday' : minute === 0 && hour === 0 ? 'midnight' : `${hour % 12 || 12}:${String(minute).padStart(2, '0')}${hour < 12 ? 'am' : 'pm'}`;
  return `${LONDON.format(instant)} at ${time}`;
}

/** A date or instant as a UK reader writes it: "1 April 2027". */
/** Whole pence as pounds a person reads: "£1,250,000", "£83,333.33", "−£100,000". */
export function penceWords(pence: number | null | undefined): string {
  if (typeof pence !== 'number') return '—';
  const pounds = Math.abs(pence) / 100;
  return `${pence < 0 ? '−' : ''}£${pounds.toLocaleString('en-GB', { minimumFractionDigits: Number.isInteger(pounds) ? 0 : 2, maximumFractionDigits: 2 })}`;
}

export function ukDate(value: string | null | undefined): string {
  return value ? LONDON.format(new Date(value.length === 10 ? `${value}T12:00:00Z` : value)) : '';
}

export function ratingWords(rating: string | null | undefined): string {
  return rating ? (RATING_WORDS[rating] ?? rating) : 'Not yet rated';
}

/** Server-rendered pages: Nunjucks with GOV.UK Frontend's own templates and macros, every value escaped. */
@Injectable()
export class Renderer {
  private readonly env: nunjucks.Environment;

  constructor() {
    this.env = new nunjucks.Environment(new nunjucks.FileSystemLoader([join(ROOT, 'apps', 'api', 'views'), GOVUK_FRONTEND]), { autoescape: true });
    this.env.addFilter('rating', ratingWords);
    this.env.addFilter('ratingTag', (rating: string | null | undefined) => (rating ? (RATING_COLOURS[rating]?.tag ?? '') : 'govuk-tag--grey'));
    this.env.addFilter('statusTag', (status: string) => STATUS_TAGS[status] ?? 'govuk-tag--grey');
    this.env.addFilter('severityTag', (severity: string) => SEVERITY_TAGS[severity] ?? 'govuk-tag--grey');
    this.env.addFilter('words', words);
    this.env.addFilter('registerOfArea', (area: string) => REGISTER_OF_AREA.get(area) ?? area);
    this.env.addFilter('ukDate', ukDate);
    this.env.addFilter('ukDateTime', ukDateTime);
    this.env.addFilter('money', (value: number | null | undefined) => (typeof value === 'number' ? `£${value.toLocaleString('en-GB', { maximumFractionDigits: 2 })}` : '—'));
    this.env.addFilter('pence', penceWords);
    this.env.addFilter('percent', (share: number) => Math.round(share * 100));
    // A fresh key for each form shown: see idempotencyKeyOf in shared/request-context.ts.
    this.env.addGlobal('formKey', () => randomUUID());
    this.env.addFilter('thousands', (value: number | null | undefined) => (typeof value === 'number' ? value.toLocaleString('en-GB') : ''));
  }

  render(template: string, context: Record<string, unknown>): string {
    return this.env.render(template, context);
  }

  /**
   * Compiles every page's template ahead of its first use, one per turn of the event loop: the
   * first render of a large template (the board pack's) otherwise holds the loop for 100–200 ms.
   * The running server calls it once it listens; the tests' in-process apps do not.
   */
  async warm(): Promise<number> {
    const pages = join(ROOT, 'apps', 'api', 'views', 'pages');
    let compiled = 0;
    for (const file of readdirSync(pages).filter((name) => name.endsWith('.njk'))) {
      await new Promise((resolve) => setImmediate(resolve));
      this.env.getTemplate(`pages/${file}`, true);
      compiled++;
    }
    return compiled;
  }

  send(reply: FastifyReply, template: string, context: Record<string, unknown>, status = 200): FastifyReply {
    return reply.status(status).type('text/html; charset=utf-8').send(this.render(template, context));
  }
}
