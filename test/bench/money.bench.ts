import { BudgetEvent, budgetsDecider, fold } from '@tracker/domain';
import { Figure } from './bench-kit';

/**
 * A write to a programme's money folds its budgets stream first. At `lines` cost-model lines (the
 * most a programme may hold), each amended twice: the decider's own fold beside evolve applied
 * one event at a time, which copies the model for every line (the baseline, in the same run).
 */
export function benchMoney(lines = 2_000): Figure[] {
  const events: BudgetEvent[] = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < lines; i++) {
      events.push({ type: 'CostModelLineRecorded', data: { programmeId: 'p', lineId: `l-${i}`, reference: `CM-${i}`, financialYear: '2027-28', category: 'staff', description: 'Social workers', amountPence: 100_000 + i + round } });
    }
  }
  const median = (work: () => unknown) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      work();
      runs.push(performance.now() - started);
    }
    return runs.sort((a, b) => a - b)[2];
  };
  process.stdout.write(`money: folding a budgets stream of ${events.length.toLocaleString('en-GB')} events (${lines.toLocaleString('en-GB')} lines), 5 times each way...\n`);
  const oneByOne = median(() => events.reduce((state, event) => budgetsDecider.evolve(state, event), budgetsDecider.initialState()));
  const folded = median(() => fold(budgetsDecider, events));
  const workload = `${lines.toLocaleString('en-GB')} cost-model lines, each recorded 3 times: ${events.length.toLocaleString('en-GB')} events`;
  const baseline: Figure = { name: 'money stream folded by evolve, one event at a time (median of 5)', workload, value: oneByOne, unit: 'ms' };
  return [baseline, { name: 'money stream folded as a write folds it (median of 5)', workload, value: folded, unit: 'ms', baseline: baseline.name, ratio: folded / oneByOne, aim: '≤ 20 ms' }];
}
