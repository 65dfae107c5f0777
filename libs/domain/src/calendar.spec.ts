import { ukDateOf, ukEndOfDay, ukMidnight } from './calendar';

describe('UK calendar days', () => {
  it('ends a winter day at midnight UTC and a summer day an hour earlier, a millisecond before the next UK day', () => {
    expect(ukEndOfDay('2026-01-15')).toBe('2026-01-15T23:59:59.999Z');
    expect(ukEndOfDay('2026-09-24')).toBe('2026-09-24T22:59:59.999Z');
    for (const date of ['2026-03-28', '2026-03-29', '2026-10-24', '2026-10-25', '2026-09-24']) {
      expect(ukDateOf(ukEndOfDay(date))).toBe(date);
      expect(Date.parse(ukEndOfDay(date)) + 1).toBe(Date.parse(ukMidnight(new Date(Date.parse(`${date}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10))));
    }
  });
});
