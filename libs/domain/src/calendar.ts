/** Calendar dates travel as YYYY-MM-DD; they carry no time zone because go-live is a day, not an instant. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** Made once: a formatter costs far more to make than to use. */
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The UK calendar day an instant falls on; the service runs in England. */
export function ukDateOf(instant: string): string {
  return LONDON_DAY.format(new Date(instant));
}

/** The instant a UK calendar day begins (midnight in London, GMT or BST). */
export function ukMidnight(date: string): string {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  const bstMidnight = utcMidnight - 60 * 60 * 1000;
  return new Date(ukDateOf(new Date(bstMidnight).toISOString()) === date ? bstMidnight : utcMidnight).toISOString();
}

/** The last instant of a UK calendar day: a millisecond before the next day's midnight in London. */
export function ukEndOfDay(date: string): string {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return new Date(Date.parse(ukMidnight(next)) - 1).toISOString();
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A calendar date (YYYY-MM-DD) as a UK reader writes it, "1 April 2027": the one format reasons and refusals use. */
export function dayInWords(date: string | undefined): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  return match ? `${Number(match[3])} ${MONTHS[Number(match[2]) - 1]} ${match[1]}` : String(date);
}
