import { escapeHtml } from '../../web/renderer';

const WIDTH = 560;
const LEFT = 200;
const ROW = 22;

/**
 * A small horizontal bar chart of one figure across programmes, drawn on the server. Its text
 * alternatives are the title and description here and the table beside it, which has every figure.
 */
export function barChart(id: string, title: string, rows: readonly { readonly label: string; readonly value: number | null }[], unit: string, max?: number): string {
  const known = rows.filter((r) => r.value !== null) as { label: string; value: number }[];
  const top = max ?? Math.max(1, ...known.map((r) => r.value));
  const plot = WIDTH - LEFT - 60;
  const height = Math.max(1, rows.length) * ROW + 8;
  const description = rows.length === 0 ? 'No programmes.' : rows.map((r) => `${r.label}: ${r.value === null ? 'nothing to count yet' : `${r.value}${unit}`}`).join('; ') + '.';
  const bars = rows
    .map((r, i) => {
      const y = 4 + i * ROW;
      const label = r.label.length > 30 ? `${r.label.slice(0, 29)}…` : r.label;
      const width = r.value === null ? 0 : (Math.max(0, r.value) / top) * plot;
      return (
        `<text x="${LEFT - 8}" y="${y + 15}" text-anchor="end" class="tracker-chart__label">${escapeHtml(label)}</text>` +
        (r.value === null ? '' : `<rect x="${LEFT}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 8}" fill="#1d70b8"/>`) +
        `<text x="${(LEFT + width + 6).toFixed(1)}" y="${y + 15}" class="tracker-chart__label">${r.value === null ? '—' : escapeHtml(`${r.value}${unit}`)}</text>`
      );
    })
    .join('');
  return `<svg class="tracker-chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false"><title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(description)}</desc>${bars}</svg>`;
}
