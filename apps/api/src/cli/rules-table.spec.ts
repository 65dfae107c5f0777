import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES_TABLE_END, RULES_TABLE_START, withRulesTable } from '@tracker/readiness';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('the README’s rules table and the frozen rule sets', () => {
  it('is the same in the README as in the code (run `npm run rules-table` to rewrite it)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(RULES_TABLE_START);
    expect(readme).toContain(RULES_TABLE_END);
    expect(withRulesTable(readme)).toBe(readme);
  });

  it('keeps version 1 frozen: its files are byte for byte as they were', () => {
    // Fixing an import path is the only edit allowed; any other change means the rules changed, so make a new version instead.
    const hash = (file: string) => createHash('sha256').update(readFileSync(join(ROOT, 'libs', 'readiness', 'src', 'v1', file))).digest('hex');
    expect(hash('readiness.ts')).toBe('98d1b9d2404dbdda86c00c32e2b7222d5b64bcec7d441164f76cbefd13a68df5');
    expect(hash('rules.ts')).toBe('b12792ce098e7b95c1d488900184a39adb455608ad22f5dd0c4a5cc4bf89040e');
  });
});
