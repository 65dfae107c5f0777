/*
 * What every long list on the pages does the same way: one page of rows at a time, GOV.UK
 * pagination with ellipses (1 … 4 5 6 … 100, never a link per page), and links that keep the
 * list's filters. Search is a case-insensitive "contains" over the fields a list names.
 */

export const PER_PAGE = 50;

type Link = { readonly href: string };
export type PaginationItem = { readonly number: number; readonly href: string; readonly current: boolean } | { readonly ellipsis: true };

/** What GOV.UK's pagination macro draws. */
export interface Pagination {
  readonly previous?: Link;
  readonly next?: Link;
  readonly items: readonly PaginationItem[];
}

export interface Paged<T> {
  readonly rows: readonly T[];
  readonly page: number;
  readonly pages: number;
  readonly total: number;
  /** The first and last row shown, counting from 1 (0 and 0 when there is none). */
  readonly from: number;
  readonly to: number;
  readonly pagination: Pagination;
}

/** The page asked for in the address, from 1; anything else is the first page. */
export function pageAsked(page: string | undefined): number {
  const asked = Number.parseInt(page ?? '1', 10);
  return Number.isFinite(asked) && asked >= 1 ? asked : 1;
}

/**
 * The page numbers shown: the first, the last, and the current one with its neighbours; an
 * ellipsis stands for each gap of more than one page (a gap of exactly one shows that page).
 */
export function pageNumbers(current: number, pages: number): (number | 'ellipsis')[] {
  const shown = new Set([1, pages, current - 1, current, current + 1].filter((n) => n >= 1 && n <= pages));
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | 'ellipsis')[] = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (typeof last === 'number' && n - last === 2) out.push(n - 1);
    else if (typeof last === 'number' && n - last > 2) out.push('ellipsis');
    out.push(n);
  }
  return out;
}

/** The pagination for page `current` of `pages`; `hrefOf` gives a page's address with the list's filters. */
export function paginationOf(current: number, pages: number, hrefOf: (page: number) => string): Pagination {
  return {
    ...(current > 1 ? { previous: { href: hrefOf(current - 1) } } : {}),
    ...(current < pages ? { next: { href: hrefOf(current + 1) } } : {}),
    items: pages <= 1 ? [] : pageNumbers(current, pages).map((n) => (n === 'ellipsis' ? { ellipsis: true as const } : { number: n, href: hrefOf(n), current: n === current })),
  };
}

/** The address of a list's page with its filters kept: empty filters are left out. */
export function listHref(filters: Readonly<Record<string, string | undefined>>, page: number): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `?${text}` : '?';
}

/** One page of `rows`; a page past the end shows the last. */
export function pageOf<T>(rows: readonly T[], asked: number, filters: Readonly<Record<string, string | undefined>>, perPage = PER_PAGE): Paged<T> {
  const total = rows.length;
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(pages, asked);
  const start = (page - 1) * perPage;
  const shown = rows.slice(start, start + perPage);
  return { rows: shown, page, pages, total, from: total === 0 ? 0 : start + 1, to: start + shown.length, pagination: paginationOf(page, pages, (n) => listHref(filters, n)) };
}

/** Whether any of `fields` contains every word searched for, ignoring case. */
export function matches(search: string | undefined, fields: readonly unknown[]): boolean {
  const words = (search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = fields.filter((f) => typeof f === 'string' || typeof f === 'number').join(' ').toLowerCase();
  return words.every((word) => text.includes(word));
}
