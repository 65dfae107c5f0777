import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Figure {
  readonly name: string;
  readonly workload: string;
  readonly value: number;
  readonly unit: string;
  /** Name of the figure this one is compared with, measured in the same run. */
  readonly baseline?: string;
  readonly ratio?: number;
  readonly aim?: string;
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ seconds: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, result };
}

export function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => [
    f.name,
    f.workload,
    `${Math.round(f.value).toLocaleString('en-GB')} ${f.unit}`,
    f.ratio === undefined ? '' : `${f.ratio.toFixed(2)} × ${f.baseline}`,
    f.aim ?? '',
  ]);
  const header = ['figure', 'workload', 'result', 'ratio to baseline (same run)', 'aim'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ');
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
}

export function saveResults(directory: string, figures: readonly Figure[]): string {
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), node: process.version, figures }, null, 2));
  return file;
}
