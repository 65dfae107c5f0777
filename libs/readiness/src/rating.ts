/**
 * How a readiness rating is worked out from the statuses of an area's items, and what each point of
 * the scale means. The rating thresholds are part of the rule set: changing one makes a new
 * {@link RULESET_VERSION}, as changing a rule does.
 */
import type { ItemStatus } from './readiness';

/** The IPA's delivery confidence scale, best first. */
export const RATINGS = ['green', 'amber-green', 'amber', 'amber-red', 'red'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * The scale readiness and delivery confidence are both given on, with the IPA's definitions. The
 * Government Major Projects Portfolio has used three points since 2021; the tracker keeps the five,
 * which boards of children's services transitions still use and which say more.
 */
export const RATING_SCALE = {
  name: 'IPA five-point delivery confidence scale',
  note: 'The Infrastructure and Projects Authority’s five-point delivery confidence scale. Since 2021 the Government Major Projects Portfolio uses three points (green, amber, red); this tracker shows five.',
  definitions: [
    { rating: 'green', words: 'Green', meaning: 'Successful delivery on time, on budget and to quality appears highly likely, and there are no major outstanding issues that at this stage appear to threaten delivery significantly.' },
    { rating: 'amber-green', words: 'Amber/Green', meaning: 'Successful delivery appears probable; constant attention will be needed to ensure risks do not become major issues threatening delivery.' },
    { rating: 'amber', words: 'Amber', meaning: 'Successful delivery appears feasible, but significant issues already exist and need management attention. They appear resolvable at this stage and, if addressed promptly, should not cause overruns.' },
    { rating: 'amber-red', words: 'Amber/Red', meaning: 'Successful delivery is in doubt, with major risks or issues apparent in a number of key areas. Urgent action is needed to address them and to find whether resolution is feasible.' },
    { rating: 'red', words: 'Red', meaning: 'Successful delivery appears to be unachievable. There are major issues which at this stage do not appear to be manageable or resolvable; the work may need re-scoping or its viability reassessed.' },
  ],
} as const satisfies { name: string; note: string; definitions: readonly { rating: Rating; words: string; meaning: string }[] };

/**
 * The thresholds of the formula below. All are the tracker's policy: the IPA defines what each point
 * means, not how to compute it.
 */
export const RATING_THRESHOLDS = {
  /** Readiness is expected to start building this many days (18 months) before go-live… */
  buildUpStartDays: 540,
  /** …to reach half of everything this many days (6 months) before, and all of it on go-live. */
  halfwayDays: 180,
  /** Green needs at least this share of what is judged ready, however far go-live is. */
  greenFloor: 0.5,
  /** The last days before go-live, when anything not ready is Red and anything at risk keeps it off Green. */
  finalStretchDays: 28,
  /** Red when this share or more of an area is not ready, and at least this many things (one thing alone is Amber/Red until the last days)… */
  redNotReadyShare: 0.25,
  redNotReadyCount: 2,
  /** …or the ready share is this far behind what is expected. */
  redBehind: 0.5,
  amberRedBehind: 0.3,
  amberBehind: 0.15,
  /** Since go-live: Amber/Red when this share or more of an area is overdue, and at least… */
  liveAmberRedOverdueShare: 0.25,
  /** …this many items, so that one late item in a small area is Amber, not Amber/Red. */
  liveAmberRedOverdueCount: 2,
} as const;

export type Counts = Readonly<Record<ItemStatus, number>>;

/**
 * The share of an area expected to be ready this many days before go-live: nothing 18 months out,
 * half 6 months out, all of it on go-live, in straight lines between. Programmes finish most of their
 * work late (deeds, agreements and sign-offs land in the last months), so the line is steeper at the end.
 */
export function expectedShare(daysToGoLive: number): number {
  const { buildUpStartDays: start, halfwayDays: half } = RATING_THRESHOLDS;
  if (daysToGoLive >= start) return 0;
  if (daysToGoLive <= 0) return 1;
  if (daysToGoLive >= half) return (0.5 * (start - daysToGoLive)) / (start - half);
  return 0.5 + (0.5 * (half - daysToGoLive)) / half;
}

/**
 * An area's readiness before go-live: what is ready against what is expected by now. Worst first:
 *   Red         a quarter or more not ready (two things at least); anything not ready in the final 28 days; or the ready share
 *               50 points or more behind expectation
 *   Amber/Red   anything not ready, or 30 points or more behind
 *   Amber       15 to 30 points behind
 *   Amber/Green behind at all; less than half ready; or anything at risk in the final 28 days
 *   Green       on or ahead of expectation, at least half ready, nothing not ready
 * Null when nothing in the area is judged.
 */
export function rate(counts: Counts, daysToGoLive: number): Rating | null {
  const judged = counts.ready + counts['at-risk'] + counts['not-ready'];
  if (judged === 0) return null;
  const t = RATING_THRESHOLDS;
  const readyShare = counts.ready / judged;
  // Rounded so that 2 of 10 ready against 50% expected is 30 points behind, not 29.999….
  const behind = Math.round((expectedShare(daysToGoLive) - readyShare) * 1e9) / 1e9;
  const finalStretch = daysToGoLive <= t.finalStretchDays;
  const manyNotReady = counts['not-ready'] >= t.redNotReadyCount && counts['not-ready'] / judged >= t.redNotReadyShare;
  if (manyNotReady || (finalStretch && counts['not-ready'] > 0) || behind >= t.redBehind) return 'red';
  if (counts['not-ready'] > 0 || behind >= t.amberRedBehind) return 'amber-red';
  if (behind >= t.amberBehind) return 'amber';
  if (behind > 0 || readyShare < t.greenFloor || (finalStretch && counts['at-risk'] > 0)) return 'amber-green';
  return 'green';
}

/**
 * An area's readiness since go-live, judged on what is still outstanding: done (even late) counts as
 * in place; covered by an interim arrangement or due later counts as in hand (at risk); overdue counts
 * as not ready. `blocking` is how many of the not-ready are held up by an open critical finding.
 *   Red         an open critical finding blocks something
 *   Amber/Red   a quarter or more of the area overdue, and at least two items
 *   Amber       anything overdue
 *   Amber/Green everything outstanding is covered or in hand
 *   Green       nothing outstanding
 */
export function rateSinceGoLive(counts: Counts, blocking = 0): Rating | null {
  const judged = counts.ready + counts['at-risk'] + counts['not-ready'];
  if (judged === 0) return null;
  const t = RATING_THRESHOLDS;
  const overdue = counts['not-ready'];
  if (blocking > 0) return 'red';
  if (overdue >= t.liveAmberRedOverdueCount && overdue / judged >= t.liveAmberRedOverdueShare) return 'amber-red';
  if (overdue > 0) return 'amber';
  if (counts['at-risk'] > 0) return 'amber-green';
  return 'green';
}

/** The worse of two ratings; null when neither is rated. */
export function worseRating(a: Rating | null, b: Rating | null): Rating | null {
  if (a === null) return b;
  if (b === null) return a;
  return RATINGS.indexOf(a) >= RATINGS.indexOf(b) ? a : b;
}
