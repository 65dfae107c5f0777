/**
 * Rule-set versions. Any change to a rule, a POLICY threshold or the rating formula makes a new
 * version: every decision records the version readiness was judged with, and "what the board saw"
 * judges with that version again, so old versions stay in the code, frozen (`./v1/`).
 */
import { POLICY, PolicyKey, RULES, Rule } from './rules';
import { RATING_THRESHOLDS } from './rating';
import type { ProgrammeSnapshot, Readiness } from './readiness';
import { assessReadiness as assessWithVersion1 } from './v1/readiness';

/**
 * The version the tracker judges with now. Version 2: the rules of issue 14 and the rating that
 * weighs time left. Version 3: the money (an agreed cost model, year one balanced, buy-back within
 * its envelope every year, each SLA's budget against its price, the cash-flow forecast); version 2
 * is judged by the same code without them.
 */
export const RULESET_VERSION = 3;
export const RULESET_VERSIONS = [1, 2, 3] as const;
export type RulesetVersion = (typeof RULESET_VERSIONS)[number];

export function isRulesetVersion(value: unknown): value is RulesetVersion {
  return (RULESET_VERSIONS as readonly unknown[]).includes(value);
}

/**
 * The version a stored decision was judged with: decisions recorded before versions were recorded
 * carry none, and were judged with version 1.
 */
export function recordedRulesetVersion(data: unknown): RulesetVersion {
  const recorded = (data as { rulesetVersion?: unknown } | null | undefined)?.rulesetVersion;
  if (recorded === undefined) return 1;
  if (!isRulesetVersion(recorded)) throw new Error(`Unknown rule-set version ${String(recorded)}`);
  return recorded;
}

/** Version 1 as it judged: before go-live always, never "since go-live". */
export function judgeWithVersion1(snapshot: ProgrammeSnapshot): Readiness {
  return { ...assessWithVersion1(snapshot), rulesetVersion: 1, phase: 'before-go-live' };
}

/* ---------- the README's rules table ---------- */

export const RULES_TABLE_START = '<!-- rules:start -->';
export const RULES_TABLE_END = '<!-- rules:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const valueOf = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));

/** Every rule of the current version, in Markdown: id, sentence, thresholds (POLICY key = value) and source; then the rating thresholds. */
export function rulesTable(): string {
  const rules: readonly Rule[] = Object.values(RULES);
  const policy = POLICY as Readonly<Record<PolicyKey, unknown>>;
  const lines = [
    `Rule-set version ${RULESET_VERSION}: ${rules.length} rules. Generated from \`libs/readiness/src/rules.ts\` by \`npm run rules-table\`; do not edit by hand.`,
    '',
    '| Id | Area | Rule | Thresholds | Source |',
    '|---|---|---|---|---|',
    ...rules.map((rule) => {
      const thresholds = (rule.thresholds ?? []).map((key) => `\`${key}\` = ${valueOf(policy[key])}`).join('; ') || '—';
      return `| \`${rule.id}\` | ${rule.area} | ${cell(rule.sentence)} | ${cell(thresholds)} | ${cell(rule.source)} |`;
    }),
    '',
    'The rating thresholds (`RATING_THRESHOLDS` in `libs/readiness/src/rating.ts`, policy):',
    '',
    '| Threshold | Value |',
    '|---|---|',
    ...Object.entries(RATING_THRESHOLDS).map(([key, value]) => `| \`${key}\` | ${valueOf(value)} |`),
  ];
  return lines.join('\n');
}

/** The README with the block between the markers replaced by the current table; throws when a marker is missing. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(RULES_TABLE_START);
  const end = readme.indexOf(RULES_TABLE_END);
  if (start < 0 || end < start) throw new Error(`The README needs ${RULES_TABLE_START} and ${RULES_TABLE_END} around the rules table`);
  return `${readme.slice(0, start + RULES_TABLE_START.length)}\n${rulesTable()}\n${readme.slice(end)}`;
}
