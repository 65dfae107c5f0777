import { listHref, matches, pageNumbers, pageOf } from './list-page';

describe('a long list, a page at a time', () => {
  it('shows the first, the last and the current page with its neighbours, with ellipses for the gaps', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 100)).toEqual([1, 2, 'ellipsis', 100]);
    expect(pageNumbers(50, 100)).toEqual([1, 'ellipsis', 49, 50, 51, 'ellipsis', 100]);
    expect(pageNumbers(100, 100)).toEqual([1, 'ellipsis', 99, 100]);
  });

  it('shows a page rather than an ellipsis standing for one page', () => {
    expect(pageNumbers(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pageNumbers(5, 7)).toEqual([1, 'ellipsis', 4, 5, 6, 7]);
  });

  it('keeps the filters in every link and leaves out empty ones', () => {
    expect(listHref({ q: 'mosaic', readiness: '', sort: 'value' }, 3)).toBe('?q=mosaic&sort=value&page=3');
    expect(listHref({}, 1)).toBe('?');
  });

  it('shows the last page for a page past the end, and says which rows it shows', () => {
    const paged = pageOf(Array.from({ length: 120 }, (_, i) => i), 9, { q: 'x' });
    expect([paged.page, paged.pages, paged.from, paged.to, paged.rows.length]).toEqual([3, 3, 101, 120, 20]);
    expect(paged.pagination.previous?.href).toBe('?q=x&page=2');
    expect(paged.pagination.next).toBeUndefined();
  });

  it('finds rows by every word searched for, ignoring case, in any field named', () => {
    expect(matches('payroll NORTH', ['CON-01', 'Northgate Payroll Ltd'])).toBe(true);
    expect(matches('payroll mosaic', ['CON-01', 'Northgate Payroll Ltd'])).toBe(false);
    expect(matches('', ['anything'])).toBe(true);
  });
});
