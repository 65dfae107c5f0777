import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Figure } from './bench-kit';

/**
 * The README's benchmark table, from the runs saved in bench-results/ (`npm run bench:table`):
 * each figure from the newest run that measured it (a run of some parts, BENCH_ONLY, replaces only
 * those), with its baseline from that same run and whether it meets its aim.
 */
function main(): void {
  const directory = resolve(process.argv[2] ?? 'bench-results');
  const runs = readdirSync(directory)
    .filter((file) => /^bench-.*\.json$/.test(file))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')) as { at: string; node: string; figures: Figure[] });
  if (runs.length === 0) throw new Error(`no bench-*.json in ${directory}: run npm run bench first`);
  // A figure's baseline is looked up in the run that measured it.
  const latest = new Map<string, { figure: Figure; run: Figure[] }>();
  for (const run of runs) for (const figure of run.figures) latest.set(`${figure.name}\n${figure.baseline ?? ''}`, { figure, run: run.figures });
  const lines = ['| figure | workload | result | baseline (same run) | ratio | aim |', '|---|---|---|---|---|---|'];
  for (const { figure, run } of latest.values()) {
    const base = figure.baseline === undefined ? undefined : run.find((f) => f.name === figure.baseline);
    const baseline = base ? `${base.name}: ${amount(base)}` : (figure.baseline ?? '—');
    const ratio = figure.ratio === undefined ? '—' : figure.ratio.toFixed(2);
    const verdict = met(figure);
    const aim = figure.aim === undefined ? '—' : verdict === undefined ? figure.aim : `${figure.aim} ${verdict ? '✓' : '✗'}`;
    lines.push(`| ${figure.name} | ${figure.workload} | ${amount(figure)} | ${baseline} | ${ratio} | ${aim} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n\nFrom ${runs.length} run(s), the newest at ${runs.at(-1)!.at} on Node ${runs.at(-1)!.node}.\n`);
}

function amount(figure: Figure): string {
  const digits = figure.value < 10 && figure.value % 1 !== 0 ? 1 : 0;
  return `${figure.value.toLocaleString('en-GB', { maximumFractionDigits: digits })} ${figure.unit}`;
}

/** "≤ 100 ms" is the value's aim; "≥ 0.5 × bare route" the ratio's; an aim in words is neither. */
function met(figure: Figure): boolean | undefined {
  const match = /^([≤≥])\s*([\d,.]+)\s*(×)?/.exec(figure.aim ?? '');
  if (!match) return undefined;
  const bound = Number(match[2].replace(/,/g, ''));
  const measured = match[3] ? (figure.ratio ?? Number.NaN) : figure.value;
  return match[1] === '≤' ? measured <= bound : measured >= bound;
}

main();
