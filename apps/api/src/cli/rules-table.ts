import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withRulesTable } from '@tracker/readiness';

/**
 * Rewrites the README's rules table (between `<!-- rules:start -->` and `<!-- rules:end -->`) from
 * the rules in the code: `npm run rules-table`. A test fails while the two differ.
 */
function main(): number {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) {
      process.stderr.write('Cannot find the project root\n');
      return 2;
    }
    dir = dirname(dir);
  }
  const file = join(dir, 'README.md');
  const before = readFileSync(file, 'utf8');
  const after = withRulesTable(before);
  if (after !== before) writeFileSync(file, after);
  process.stdout.write(after === before ? 'The README’s rules table is up to date.\n' : 'Rewrote the README’s rules table.\n');
  return 0;
}

process.exitCode = main();
