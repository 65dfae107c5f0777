import type { TrendDay } from '../readiness/programme-views';
import { RATING_COLOURS, escapeHtml, ratingWords } from './renderer';

/** Best at the top: the five-point scale as rows of the chart. */
const SCALE = ['green', 'amber-green', 'amber', 'amber-red', 'red'] as const;
const WIDTH = 640;
const ROW = 28;
const LEFT = 104;
const TOP = 8;

/**
 * The overall readiness day by day as an SVG drawn on the server: one coloured bar per day at its
 * rating's row. Text alternatives are the title and description here and the table beside it.
 */
export function trendChart(days: readonly TrendDay[]): string {
  const height = TOP + SCALE.length * ROW + 28;
  const plot = WIDTH - LEFT - 8;
  const step = plot / Math.max(1, days.length);
  const rated = days.filter((d) => d.overall !== null);
  const description = rated.length === 0
    ? 'No overall readiness yet.'
    : `From ${days[0].date} to ${days[days.length - 1].date}. Latest overall readiness: ${ratingWords(days[days.length - 1].overall)}.`;
  const rows = SCALE.map(
    (rating, i) =>
      `<text x="${LEFT - 8}" y="${TOP + i * ROW + ROW / 2 + 5}" text-anchor="end" class="tracker-chart__label">${escapeHtml(ratingWords(rating))}</text>` +
      `<line x1="${LEFT}" x2="${WIDTH - 8}" y1="${TOP + (i + 1) * ROW}" y2="${TOP + (i + 1) * ROW}" stroke="#b1b4b6" stroke-width="1"/>`,
  ).join('');
  const bars = days
    .map((day, i) => {
      if (day.overall === null) return '';
      const row = SCALE.indexOf(day.overall as (typeof SCALE)[number]);
      return `<rect x="${(LEFT + i * step).toFixed(2)}" y="${TOP + row * ROW + 4}" width="${Math.max(step, 1).toFixed(2)}" height="${ROW - 8}" fill="${RATING_COLOURS[day.overall].fill}"/>`;
    })
    .join('');
  const ticks = days.length === 0 ? '' : [0, days.length - 1].map((i) => `<text x="${LEFT + i * step}" y="${height - 6}" text-anchor="${i === 0 ? 'start' : 'end'}" class="tracker-chart__label">${escapeHtml(days[i].date)}</text>`).join('');
  return `<svg class="tracker-chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="trend-title trend-desc" focusable="false">
<title id="trend-title">Overall readiness rating by day</title><desc id="trend-desc">${escapeHtml(description)}</desc>${rows}${bars}${ticks}</svg>`;
}
