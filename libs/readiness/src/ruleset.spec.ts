import { ItemFacts, ProgrammeSnapshot, assessReadiness } from './readiness';
import { POLICY, RULES, Rule } from './rules';
import { RULESET_VERSION, RULES_TABLE_END, RULES_TABLE_START, recordedRulesetVersion, rulesTable, withRulesTable } from './ruleset';

// The README's copy of the table, and version 1's frozen files, are checked in apps/api/src/cli/rules-table.spec.ts: this library does no I/O.
import { assessReadiness as assessWithVersion1 } from './v1/readiness';

const process = (n: number, walked: boolean): ItemFacts => ({
  itemId: `p-${n}`,
  kind: 'process',
  reference: `PROC-${n}`,
  details: {},
  steps: walked ? { 'owner-named': { on: '2017-03-01' }, 'walked-through': { on: '2017-03-01' } } : {},
});
// 3 of 47 ready 335 days before go-live: Green by version 1, not by version 2.
const snapshot: ProgrammeSnapshot = {
  today: '2017-05-01',
  goLiveDate: '2018-04-01',
  items: Array.from({ length: 47 }, (_, i) => process(i + 1, i < 3)),
  findings: [],
  buyBack: new Map(),
  envelopes: new Map(),
};

describe('rule-set versions', () => {
  it('judges with version 3 now, and says so', () => {
    expect(RULESET_VERSION).toBe(3);
    expect(assessReadiness(snapshot)).toMatchObject({ rulesetVersion: 3, overall: 'amber' });
  });

  it('judges version 2 as version 3 without the money: what a board saw then stays what it saw', () => {
    const v2 = assessReadiness(snapshot, 2);
    const v3 = assessReadiness(snapshot);
    expect(v2.rulesetVersion).toBe(2);
    expect(v2.blockers.filter((b) => b.area === 'budgets')).toEqual([]);
    expect(v3.blockers.filter((b) => b.area === 'budgets').map((b) => b.ruleId)).toEqual(['budgets.cost-model-agreed']);
    expect(v2.items).toEqual(v3.items);
  });

  it('keeps version 1 callable, judging exactly as the frozen copy does', () => {
    const v1 = assessReadiness(snapshot, 1);
    expect(v1).toEqual({ ...assessWithVersion1(snapshot), rulesetVersion: 1, phase: 'before-go-live' });
    expect(v1.overall).toBe('green');
  });

  it('refuses a version it does not know', () => {
    expect(() => assessReadiness(snapshot, 4 as never)).toThrow('Unknown rule-set version 4');
  });

  it('reads the version a decision recorded, and version 1 where it recorded none', () => {
    expect(recordedRulesetVersion({ decisionId: 'd-1', rulesetVersion: 2 })).toBe(2);
    expect(recordedRulesetVersion({ decisionId: 'd-1' })).toBe(1);
    expect(() => recordedRulesetVersion({ rulesetVersion: 9 })).toThrow('Unknown rule-set version 9');
  });
});

describe('the rules table', () => {
  const table = rulesTable();
  const rules: readonly Rule[] = Object.values(RULES);

  it('lists every rule with its id, sentence and source', () => {
    for (const rule of Object.values(RULES)) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${rule.id}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(rule.sentence.replace(/\|/g, '\\|'));
      expect(row).toContain(rule.source.replace(/\|/g, '\\|'));
    }
  });

  it('gives each threshold a rule uses with its POLICY key and value', () => {
    for (const rule of rules) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${rule.id}\` |`))!;
      for (const key of rule.thresholds ?? []) expect(row).toContain(`\`${key}\` = `);
    }
  });

  it('links every POLICY threshold to a rule that uses it', () => {
    const used = new Set<string>(rules.flatMap((rule) => rule.thresholds ?? []));
    expect(Object.keys(POLICY).filter((key) => !used.has(key))).toEqual([]);
  });

  it('rewrites only what lies between the markers', () => {
    expect(withRulesTable(`before\n${RULES_TABLE_START}\nold\n${RULES_TABLE_END}\nafter`)).toBe(`before\n${RULES_TABLE_START}\n${table}\n${RULES_TABLE_END}\nafter`);
    expect(() => withRulesTable('no markers')).toThrow('rules:start');
  });
});
