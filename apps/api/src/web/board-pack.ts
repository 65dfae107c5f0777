import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignedDigest, signDigest } from '@tracker/audit';
import { ukDateOf } from '@tracker/domain';
import { AuditChain, AuditIndex, FindingRow, ProgrammeView } from '@tracker/read-models';
import { Blocker, MoneyPicture, RULES, Rule, RulesetVersion, isFindingOverdue, moneyPictureOf } from '@tracker/readiness';
import { DecisionEntry, DecisionLog } from '../decisions/queries/decision-log/decision-log';
import { SigningKeys } from '../audit/signing-keys';
import { CLOCK, Clock } from '../infrastructure/tokens';
import { dashboardOf } from '../readiness/dashboard';
import { JudgedView, ProgrammeViews, TrendDay } from '../readiness/programme-views';
import { decisionInWords } from './decision-pages.controller';
import { GOVUK_FRONTEND, ROOT, ratingWords, ukDate } from './renderer';
import { trendChart } from './trend-chart';
import { reconciliationChart } from '../budgets/web/money-charts';
import { slugOf, words } from '../shared/words';

/** The reason the pack's digest carries, so that a digest handed in for checking says where it came from. */
const BOARD_PACK_REASON = 'board pack';

const RULE_OF = new Map<string, Rule>(Object.values(RULES).map((rule) => [rule.id, rule]));
const OPEN = new Set(['open', 'mitigated']);
const SERIOUS = ['critical', 'high'];

/** A finding the board reads one by one: what it is about (the item's reference, or the area in words). */
export type SeriousFinding = FindingRow & { readonly about: string; readonly overdue: boolean };

/** A rule that blocks go-live, in the sentence a board member reads, with how much it blocks. */
export interface BlockingRule {
  readonly ruleId: string;
  readonly rule?: Rule;
  readonly blockers: number;
  readonly overdue: number;
}

/** A board decision as the pack states it: what was decided, why, by which body, who recorded it and when. */
export interface PackDecision {
  readonly decisionId: string;
  readonly words: string;
  readonly reasons: string;
  readonly body: string;
  readonly recordedBy: string;
  readonly recordedAt: string;
  readonly conditions: number;
}

/** One figure of the pack beside the same figure in the previous pack. */
export interface PackChange {
  readonly what: string;
  readonly then: string;
  readonly now: string;
  readonly changed: boolean;
}

/**
 * What happened between the previous pack and this one. The previous pack is the one tabled with
 * the board's last decision inside this pack's history (each decision keeps the pack it was taken
 * on): the last meeting's, for the next meeting's pack.
 */
export interface SinceThePreviousPack {
  readonly previous?: { readonly words: string; readonly recordedAt: string; readonly position: number; readonly rulesetVersion: number };
  /** Newest first; every decision so far when there is no previous pack. */
  readonly decisions: readonly PackDecision[];
  /** Empty when there is no previous pack to compare with. */
  readonly changes: readonly PackChange[];
}

/** What the board reads, and the signed digest of exactly the state it was drawn from. */
export interface BoardPack {
  readonly digest: SignedDigest;
  readonly dashboard: ReturnType<typeof dashboardOf>;
  /** The rules the blockers break, the soonest-biting first; the blockers themselves are the dashboard's. */
  readonly blockingRules: readonly BlockingRule[];
  /** Open critical and high findings, critical first, then soonest due. */
  readonly seriousFindings: readonly SeriousFinding[];
  /** The latest go / no-go decision in the pack's history, if any. */
  readonly goNoGo?: PackDecision & { readonly outcome: string; readonly goLiveDate?: string };
  readonly since: SinceThePreviousPack;
  /** The overall readiness day by day up to the pack's day, drawn and listed. */
  readonly trend: { readonly svg: string; readonly days: readonly TrendDay[] };
  /** The money reconciled as the pack's state has it: the years with their chart, the agreement, the cash. */
  readonly money: { readonly picture: MoneyPicture; readonly svg: string };
}

/**
 * Board packs, stamped with a signed digest of the programme's hash chain. The digest is signed but
 * not recorded (reading a pack writes nothing), and the pack is judged over exactly the events it
 * covers — replayed up to its position, as for what the board saw at a decision — so a write landing
 * meanwhile can neither slip into the pack nor make the stamp claim more than it shows.
 */
@Injectable()
export class BoardPacks {
  constructor(
    private readonly chain: AuditChain,
    private readonly keys: SigningKeys,
    private readonly views: ProgrammeViews,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly index: AuditIndex,
    private readonly decisions: DecisionLog,
  ) {}

  /** The pack now, or at `head` (a decision's, for the pack as tabled). */
  async prepare(programmeId: string, head: { position: number; eventCount: number; headHash: string } = this.chain.headAt(programmeId)): Promise<BoardPack> {
    await letOthersIn();
    const digest = signDigest({ programmeId, ...head, takenAt: this.clock(), reason: BOARD_PACK_REASON, keyFingerprint: this.keys.fingerprint }, this.keys.privateKey);
    const judged = await this.views.whatTheBoardSaw(programmeId, digest);
    await letOthersIn();
    return this.packOf(digest, judged, await this.views.trend(programmeId));
  }

  /**
   * The pack over exactly what a recorded digest covers, judged on the day it was taken and stamped
   * with it: the go-live picture, as the programme stood when go-live was recorded.
   */
  async atDigest(digest: SignedDigest): Promise<BoardPack> {
    const judged = await this.views.whatTheBoardSaw(digest.programmeId, digest);
    await letOthersIn();
    return this.packOf(digest, judged, await this.views.trend(digest.programmeId, digest.takenAt));
  }

  /**
   * The pack as it would have been prepared at the end of a past day (`asOf`, an instant): judged on
   * that day over the events recorded by then, and stamped with the chain's head at the last of them,
   * so its digest checks against the history like any pack's.
   */
  async prepareAsOf(programmeId: string, asOf: string): Promise<BoardPack> {
    const head = this.chain.headAt(programmeId, this.index.lastPositionAt(programmeId, asOf));
    const digest = signDigest({ programmeId, ...head, takenAt: this.clock(), reason: BOARD_PACK_REASON, keyFingerprint: this.keys.fingerprint }, this.keys.privateKey);
    const judged = await this.views.judged(programmeId, { position: head.position, asOf });
    await letOthersIn();
    return this.packOf(digest, judged, await this.views.trend(programmeId, asOf));
  }

  private async packOf(digest: SignedDigest, judged: JudgedView, trend: readonly TrendDay[]): Promise<BoardPack> {
    await letOthersIn();
    const dashboard = dashboardOf(judged);
    const { view } = judged;
    const picture = moneyPictureOf({ goLiveDate: view.programme.goLiveDate, money: view.money, items: view.items, buyBack: view.buyBack, envelopes: view.envelopes });
    // The decisions recorded within the pack's history, newest first.
    const decided = this.decisions.decisions(digest.programmeId).filter((d) => d.position <= digest.position);
    const goNoGo = decided.find((d) => d.type === 'go-no-go');
    const previous = decided.find((d) => d.boardPack !== undefined && d.seen !== undefined && d.seen.position < digest.position);
    if (previous) await letOthersIn();
    const since: SinceThePreviousPack = previous
      ? {
          previous: { words: decisionInWords(previous), recordedAt: previous.recordedAt, position: previous.seen!.position, rulesetVersion: previous.rulesetVersion },
          decisions: decided.filter((d) => d.position > previous.seen!.position).map(packDecisionOf),
          // The previous pack as it was judged: over its history, on its day, by the rules of its decision.
          changes: changesBetween(
            dashboardOf(await this.views.whatTheBoardSaw(digest.programmeId, { position: previous.seen!.position, takenAt: previous.recordedAt }, previous.rulesetVersion as RulesetVersion)),
            dashboard,
          ),
        }
      : { decisions: decided.map(packDecisionOf), changes: [] };
    return {
      digest,
      dashboard,
      blockingRules: blockingRulesOf(judged.readiness.blockers),
      seriousFindings: seriousFindingsOf(judged.view, judged.today),
      ...(goNoGo ? { goNoGo: { ...packDecisionOf(goNoGo), outcome: goNoGo.outcome, ...(goNoGo.goLiveDate ? { goLiveDate: goNoGo.goLiveDate } : {}) } } : {}),
      since,
      trend: { svg: trendChart(trend), days: trend },
      money: { picture, svg: reconciliationChart(picture.years) },
    };
  }
}

/**
 * A turn of the event loop for everyone else between the pack's steps: each judges a whole programme
 * (at 5,300 contracts and a million events, 100 ms or more apiece), and run back to back they held
 * /health for 470–730 ms.
 */
const letOthersIn = () => new Promise<void>((resolve) => setImmediate(resolve));

function packDecisionOf(entry: DecisionEntry): PackDecision {
  return {
    decisionId: entry.decisionId,
    words: decisionInWords(entry),
    reasons: entry.reasons,
    body: entry.bodyLabel,
    recordedBy: entry.recordedBy.name ?? entry.recordedBy.userId,
    recordedAt: entry.recordedAt,
    conditions: entry.conditions.length,
  };
}

type Dashboard = ReturnType<typeof dashboardOf>;

/** The pack's headline figures then and now: readiness overall and by area, the board's confidence, findings, blockers and the date. */
function changesBetween(then: Dashboard, now: Dashboard): PackChange[] {
  const row = (what: string, before: string, after: string): PackChange => ({ what, then: before, now: after, changed: before !== after });
  const areaThen = new Map(then.readiness.areas.map((a) => [a.area, a]));
  const areaWords = (a: Dashboard['readiness']['areas'][number] | undefined) => {
    if (!a) return 'Not judged';
    const judged = a.itemCounts.ready + a.itemCounts['at-risk'] + a.itemCounts['not-ready'];
    return `${ratingWords(a.rating)} (${a.itemCounts.ready} of ${judged} ready)`;
  };
  const serious = (d: Dashboard) => String((d.openFindings.bySeverity.critical ?? 0) + (d.openFindings.bySeverity.high ?? 0));
  return [
    row('Overall readiness', ratingWords(then.readiness.overall), ratingWords(now.readiness.overall)),
    ...now.readiness.areas.map((a) => row(`${words(a.area)} readiness`, areaWords(areaThen.get(a.area)), areaWords(a))),
    row('Delivery confidence', ratingWords(then.readiness.deliveryConfidence?.rating), ratingWords(now.readiness.deliveryConfidence?.rating)),
    row('Open findings', String(then.openFindings.total), String(now.openFindings.total)),
    row('Open critical and high findings', serious(then), serious(now)),
    row('Blockers', String(then.readiness.blockers.length), String(now.readiness.blockers.length)),
    row('Go-live date', ukDate(then.programme.goLiveDate), ukDate(now.programme.goLiveDate)),
  ];
}

/** Blockers come soonest first, so each rule is listed where its first blocker bites. */
function blockingRulesOf(blockers: readonly Blocker[]): BlockingRule[] {
  const byRule = new Map<string, BlockingRule>();
  for (const { ruleId, overdue } of blockers) {
    const counted = byRule.get(ruleId) ?? { ruleId, rule: RULE_OF.get(ruleId), blockers: 0, overdue: 0 };
    byRule.set(ruleId, { ...counted, blockers: counted.blockers + 1, overdue: counted.overdue + Number(overdue) });
  }
  return [...byRule.values()];
}

/** Open as the dashboard counts it (open or mitigated), so the list agrees with the counts beside it. */
function seriousFindingsOf({ findings, items }: ProgrammeView, today: string): SeriousFinding[] {
  const reference = new Map(items.map((item) => [item.itemId, item.reference]));
  return findings
    .filter((f) => OPEN.has(f.status) && SERIOUS.includes(f.severity))
    .sort((a, b) => SERIOUS.indexOf(a.severity) - SERIOUS.indexOf(b.severity) || a.dueDate.localeCompare(b.dueDate))
    .map((f) => ({ ...f, overdue: isFindingOverdue(f, today), about: (f.target.kind === 'item' && reference.get(f.target.itemId)) || words(f.target.area) }));
}

/** `board-pack-northshire-children-s-services-transition-2026-11-22.pdf`: the programme and the day it was prepared. */
export function boardPackFilename(pack: BoardPack, what = 'board-pack'): string {
  return `${what}-${slugOf(pack.dashboard.programme.name)}-${ukDateOf(pack.digest.takenAt)}.pdf`;
}

let styles: string | undefined;

/** Every style the pack's page links to, to inline in the copy Chromium prints: it fetches nothing. */
export function boardPackStyles(): string {
  styles ??= [join(GOVUK_FRONTEND, 'govuk', 'govuk-frontend.min.css'), join(ROOT, 'apps', 'api', 'static', 'tracker.css'), join(ROOT, 'apps', 'api', 'static', 'board-pack.css')]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  return styles;
}
