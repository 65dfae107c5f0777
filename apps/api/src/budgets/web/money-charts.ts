import type { CashFlow, YearMoney } from '@tracker/readiness';
import { escapeHtml, penceWords } from '../../web/renderer';

const WIDTH = 640;
const LEFT = 96;
const TOP = 12;
const PLOT_HEIGHT = 180;
const BOTTOM = 36;
/** GOV.UK blue for what is spent, green for what comes in, red below zero. */
const SPENT = '#1d70b8';
const RECEIVED = '#00703c';
const BELOW = '#d4351c';

/** A round figure at or above `value`, for the chart's scale. */
function ceiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

/**
 * Each year's expenditure beside its income (the contract sum included), as an SVG drawn on the
 * server. Its text alternatives are the title and description here and the table beneath it.
 */
export function reconciliationChart(years: readonly YearMoney[]): string {
  const shown = years.filter((y) => y.hasLines);
  const top = ceiling(Math.max(0, ...shown.flatMap((y) => [y.expenditure, y.income])));
  const plot = WIDTH - LEFT - 8;
  const slot = plot / Math.max(1, shown.length);
  const bar = Math.min(48, slot / 3);
  const y = (pence: number) => TOP + PLOT_HEIGHT - (pence / top) * PLOT_HEIGHT;
  const description =
    shown.length === 0
      ? 'No cost model lines yet.'
      : shown.map((year) => `${year.financialYear}: expenditure ${penceWords(year.expenditure)}, income ${penceWords(year.income)}, ${year.surplus >= 0 ? 'surplus' : 'deficit'} ${penceWords(Math.abs(year.surplus))}`).join('; ') + '.';
  const axis = [0, top / 2, top]
    .map((v) => `<text x="${LEFT - 8}" y="${y(v) + 4}" text-anchor="end" class="tracker-chart__label">${escapeHtml(penceWords(v))}</text><line x1="${LEFT}" x2="${WIDTH - 8}" y1="${y(v)}" y2="${y(v)}" stroke="#b1b4b6" stroke-width="1"/>`)
    .join('');
  const bars = shown
    .map((year, i) => {
      const x = LEFT + i * slot + slot / 2 - bar;
      return (
        `<rect x="${x.toFixed(1)}" y="${y(year.expenditure).toFixed(1)}" width="${bar.toFixed(1)}" height="${(TOP + PLOT_HEIGHT - y(year.expenditure)).toFixed(1)}" fill="${SPENT}"/>` +
        `<rect x="${(x + bar).toFixed(1)}" y="${y(year.income).toFixed(1)}" width="${bar.toFixed(1)}" height="${(TOP + PLOT_HEIGHT - y(year.income)).toFixed(1)}" fill="${RECEIVED}"/>` +
        `<text x="${(x + bar).toFixed(1)}" y="${TOP + PLOT_HEIGHT + 18}" text-anchor="middle" class="tracker-chart__label">${escapeHtml(year.financialYear)}</text>`
      );
    })
    .join('');
  const legend = `<rect x="${LEFT}" y="${TOP + PLOT_HEIGHT + 26}" width="10" height="10" fill="${SPENT}"/><text x="${LEFT + 14}" y="${TOP + PLOT_HEIGHT + 35}" class="tracker-chart__label">Expenditure</text><rect x="${LEFT + 110}" y="${TOP + PLOT_HEIGHT + 26}" width="10" height="10" fill="${RECEIVED}"/><text x="${LEFT + 124}" y="${TOP + PLOT_HEIGHT + 35}" class="tracker-chart__label">Income and contract sum</text>`;
  return `<svg class="tracker-chart" viewBox="0 0 ${WIDTH} ${TOP + PLOT_HEIGHT + BOTTOM + 8}" role="img" aria-labelledby="money-title money-desc" focusable="false">
<title id="money-title">Expenditure and income by year</title><desc id="money-desc">${escapeHtml(description)}</desc>${axis}${bars}${legend}</svg>`;
}

/** The closing balance month by month, a bar above or below the zero line; a dashed line at the facility's limit. */
export function cashFlowChart(cash: CashFlow): string {
  const high = Math.max(0, ...cash.months.map((m) => m.closing));
  const low = Math.min(0, ...cash.months.map((m) => m.closing), cash.facility === undefined ? 0 : -cash.facility);
  const span = ceiling(Math.max(1, high - low));
  const plot = WIDTH - LEFT - 8;
  const slot = plot / cash.months.length;
  const y = (pence: number) => TOP + ((high - pence) / span) * PLOT_HEIGHT;
  const zero = y(0);
  const description = `From ${cash.months[0].month} to ${cash.months.at(-1)!.month}, the contract sum paid ${cash.timing.replace(/-/g, ' ')}: lowest closing balance ${penceWords(cash.lowest)} in ${cash.lowestMonth}${cash.facility === undefined ? ', no working-capital facility' : `, working-capital facility ${penceWords(cash.facility)}`}.`;
  const bars = cash.months
    .map((m, i) => {
      const top = Math.min(y(m.closing), zero);
      const height = Math.max(1, Math.abs(y(m.closing) - zero));
      const label = i % 2 === 0 ? `<text x="${(LEFT + i * slot + slot / 2).toFixed(1)}" y="${TOP + PLOT_HEIGHT + 18}" text-anchor="middle" class="tracker-chart__label">${escapeHtml(m.month)}</text>` : '';
      return `<rect x="${(LEFT + i * slot + slot * 0.15).toFixed(1)}" y="${top.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${height.toFixed(1)}" fill="${m.closing < 0 ? BELOW : RECEIVED}"/>${label}`;
    })
    .join('');
  const axis = `<line x1="${LEFT}" x2="${WIDTH - 8}" y1="${zero}" y2="${zero}" stroke="#0b0c0c" stroke-width="1"/><text x="${LEFT - 8}" y="${zero + 4}" text-anchor="end" class="tracker-chart__label">£0</text>`;
  const facility =
    cash.facility === undefined
      ? ''
      : `<line x1="${LEFT}" x2="${WIDTH - 8}" y1="${y(-cash.facility)}" y2="${y(-cash.facility)}" stroke="#0b0c0c" stroke-width="1" stroke-dasharray="6 4"/><text x="${LEFT - 8}" y="${y(-cash.facility) + 4}" text-anchor="end" class="tracker-chart__label">Facility</text>`;
  return `<svg class="tracker-chart" viewBox="0 0 ${WIDTH} ${TOP + PLOT_HEIGHT + BOTTOM}" role="img" aria-labelledby="cash-title cash-desc" focusable="false">
<title id="cash-title">Forecast closing cash balance by month</title><desc id="cash-desc">${escapeHtml(description)}</desc>${axis}${facility}${bars}</svg>`;
}
