import { ItemOwnership, REGISTER_OF_KIND, dayInWords } from '@tracker/domain';
import { addDays, daysBetween, isFindingOpen } from '@tracker/readiness';
import type { JudgedView } from './programme-views';

/** One thing outstanding, with who sees to it and by when: a row of the action plan. */
export interface Action {
  readonly kind: 'item' | 'finding' | 'condition' | 'budget';
  readonly area: string;
  /** The item's reference, the finding's title, or the decision a condition belongs to. */
  readonly subject: string;
  readonly what: string;
  readonly owner?: string;
  /** The day it is due: the owner's target where it is sooner than the rule's own deadline, else the rule's (or the finding's, the condition's). */
  readonly due: string;
  /** The rule's own deadline, where the owner's target differs from it. */
  readonly ruleDue?: string;
  readonly overdue: boolean;
  /** What it holds up: go-live before it, readiness since. */
  readonly blocks: string;
  /** It holds up go-live (before go-live only: since, nothing can). */
  readonly holdsUpGoLive: boolean;
  /** For an item's step: the readiness rule it answers, by which the step is given an owner of its own. */
  readonly ruleId?: string;
  readonly href: string;
  /** The item is needed on the first day of operation. */
  readonly dayOne?: boolean;
}

export interface ActionPlanFilter {
  readonly owner?: string;
  readonly area?: string;
  /** Only what is needed on day one. */
  readonly dayOne?: boolean;
}

/** A condition of the go standing on the go-live date, not yet met (the decision log's own list). */
export interface OpenCondition {
  readonly decisionId: string;
  readonly text: string;
  readonly owner: string;
  readonly dueOn: string;
  readonly state: 'open' | 'overdue';
}

/**
 * Everything outstanding in one list, overdue first and then soonest due: each rule an item does not
 * meet yet (due or overdue), each open finding, each unmet condition of the standing go, and the
 * buy-back envelope when it is not met. The owner is the step's own, else the item's (or the finding's, condition's); the
 * due day is the owner's target where it is sooner than the rule's own deadline, with the rule's
 * beside it (a later target does not put a legal deadline off). Computed from readiness, so it says what the dashboard
 * says, never more.
 */
export function actionPlanOf(judged: JudgedView, conditions: readonly OpenCondition[], programmeId: string, filter: ActionPlanFilter = {}): Action[] {
  const { view, readiness, today } = judged;
  const live = readiness.phase === 'since-go-live';
  const blocks = live ? 'Readiness since go-live' : `Go-live on ${dayInWords(readiness.goLiveDate)}`;
  const items = new Map(view.items.map((item) => [item.itemId, item]));
  const actions: Action[] = [];
  for (const blocker of readiness.blockers) {
    if (blocker.findingId !== undefined) continue; // every open finding is listed below, critical or not
    const item = blocker.itemId === undefined ? undefined : items.get(blocker.itemId);
    if (item === undefined) {
      actions.push({ kind: 'budget', area: blocker.area, subject: blocker.ruleId === 'budgets.envelope' ? 'Buy-back envelope' : 'The money', what: blocker.message, due: blocker.bitesOn, overdue: blocker.overdue, blocks, holdsUpGoLive: !live, href: `/programmes/${programmeId}/money` });
      continue;
    }
    const details = item.details as ItemOwnership;
    // The step's own owner where it has one, else the item's; their target where it is sooner (a target
    // later than the rule allows does not put the rule's deadline off).
    const { owner, targetDate } = details.stepOwners?.[blocker.ruleId] ?? details;
    const due = targetDate !== undefined && targetDate < blocker.bitesOn ? targetDate : blocker.bitesOn;
    actions.push({
      kind: 'item',
      area: blocker.area,
      subject: item.reference,
      what: blocker.message.startsWith(`${item.reference}: `) ? blocker.message.slice(item.reference.length + 2) : blocker.message,
      ...(owner ? { owner } : {}),
      due,
      ...(due !== blocker.bitesOn ? { ruleDue: blocker.bitesOn } : {}),
      overdue: blocker.overdue || due < today,
      blocks,
      holdsUpGoLive: !live,
      ruleId: blocker.ruleId,
      href: `/programmes/${programmeId}/registers/${REGISTER_OF_KIND[item.kind]}/${item.itemId}`,
      ...(details.neededOnDayOne ? { dayOne: true } : {}),
    });
  }
  for (const finding of view.findings) {
    if (!isFindingOpen(finding, today)) continue;
    const serious = finding.severity === 'critical' || finding.severity === 'high';
    actions.push({
      kind: 'finding',
      area: finding.target.area,
      subject: finding.title,
      what: `Put right the ${finding.severity} finding`,
      owner: finding.owner,
      due: finding.dueDate,
      overdue: finding.dueDate < today,
      blocks: serious ? blocks : 'Nothing (medium or low)',
      holdsUpGoLive: serious && !live,
      href: `/programmes/${programmeId}/findings/${finding.findingId}`,
    });
  }
  for (const condition of conditions) {
    const beforeGoLive = condition.dueOn <= readiness.goLiveDate && !live;
    actions.push({
      kind: 'condition',
      area: 'governance',
      subject: 'A condition of the go',
      what: condition.text,
      owner: condition.owner,
      due: condition.dueOn,
      overdue: condition.state === 'overdue',
      blocks: beforeGoLive ? `Recording go-live on ${dayInWords(readiness.goLiveDate)}` : 'The go it is a condition of',
      holdsUpGoLive: beforeGoLive,
      href: `/programmes/${programmeId}/decisions#${condition.decisionId}`,
    });
  }
  return actions
    .filter((a) => (filter.owner === undefined || (a.owner ?? '') === filter.owner) && (filter.area === undefined || a.area === filter.area) && (!filter.dayOne || a.dayOne === true))
    .sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.due.localeCompare(b.due) || a.subject.localeCompare(b.subject) || a.what.localeCompare(b.what));
}

/** The Monday of the week a day falls in. */
export function weekOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Groups of the plan, in order: by owner (the unowned last), or by week (overdue first, then each week with its T-minus). */
export function groupedBy(actions: readonly Action[], by: 'owner' | 'week', goLiveDate: string): { readonly heading: string; readonly actions: readonly Action[] }[] {
  const groups = new Map<string, Action[]>();
  const put = (key: string, action: Action) => (groups.get(key) ?? groups.set(key, []).get(key)!).push(action);
  if (by === 'owner') {
    for (const action of actions) put(action.owner ?? '', action);
    return [...groups.entries()]
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
      .map(([owner, list]) => ({ heading: owner === '' ? 'No owner named' : owner, actions: list }));
  }
  for (const action of actions) put(action.overdue ? '' : weekOf(action.due), action);
  const goLiveWeek = weekOf(goLiveDate);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)))
    .map(([week, list]) => ({ heading: week === '' ? 'Overdue' : weekHeading(week, goLiveWeek), actions: list }));
}

function weekHeading(week: string, goLiveWeek: string): string {
  const weeks = Math.round(daysBetween(week, goLiveWeek) / 7);
  const when = weeks === 0 ? 'go-live week' : weeks > 0 ? `T-${weeks} week${weeks === 1 ? '' : 's'}` : `T+${-weeks} week${weeks === -1 ? '' : 's'}`;
  return `Week beginning ${dayInWords(week)} (${when})`;
}
