import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignedDigest, signDigest } from '@tracker/audit';
import { ukDateOf } from '@tracker/domain';
import { AuditChain, AuditIndex, FindingRow, ProgrammeView } from '@tracker/read-models';
import { Blocker, RULES, Rule, isFindingOverdue } from '@tracker/readiness';
import { SigningKeys } from '../audit/signing-keys';
import { CLOCK, Clock } from '../infrastructure/tokens';
import { dashboardOf } from '../readiness/dashboard';
import { JudgedView, ProgrammeViews } from '../readiness/programme-views';
import { GOVUK_FRONTEND, ROOT } from './renderer';
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

/** What the board reads, and the signed digest of exactly the state it was drawn from. */
export interface BoardPack {
  readonly digest: SignedDigest;
  readonly dashboard: ReturnType<typeof dashboardOf>;
  /** The rules the blockers break, the soonest-biting first; the blockers themselves are the dashboard's. */
  readonly blockingRules: readonly BlockingRule[];
  /** Open critical and high findings, critical first, then soonest due. */
  readonly seriousFindings: readonly SeriousFinding[];
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
  ) {}

  /** The pack now, or at `head` (a decision's, for the pack as tabled). */
  async prepare(programmeId: string, head: { position: number; eventCount: number; headHash: string } = this.chain.headAt(programmeId)): Promise<BoardPack> {
    const digest = signDigest({ programmeId, ...head, takenAt: this.clock(), reason: BOARD_PACK_REASON, keyFingerprint: this.keys.fingerprint }, this.keys.privateKey);
    return this.packOf(digest, await this.views.whatTheBoardSaw(programmeId, digest));
  }

  /**
   * The pack as it would have been prepared at the end of a past day (`asOf`, an instant): judged on
   * that day over the events recorded by then, and stamped with the chain's head at the last of them,
   * so its digest checks against the history like any pack's.
   */
  async prepareAsOf(programmeId: string, asOf: string): Promise<BoardPack> {
    const head = this.chain.headAt(programmeId, this.index.lastPositionAt(programmeId, asOf));
    const digest = signDigest({ programmeId, ...head, takenAt: this.clock(), reason: BOARD_PACK_REASON, keyFingerprint: this.keys.fingerprint }, this.keys.privateKey);
    return this.packOf(digest, await this.views.judged(programmeId, { position: head.position, asOf }));
  }

  private packOf(digest: SignedDigest, judged: JudgedView): BoardPack {
    return {
      digest,
      dashboard: dashboardOf(judged),
      blockingRules: blockingRulesOf(judged.readiness.blockers),
      seriousFindings: seriousFindingsOf(judged.view, judged.today),
    };
  }
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
export function boardPackFilename(pack: BoardPack): string {
  return `board-pack-${slugOf(pack.dashboard.programme.name)}-${ukDateOf(pack.digest.takenAt)}.pdf`;
}

let styles: string | undefined;

/** Every style the pack's page links to, to inline in the copy Chromium prints: it fetches nothing. */
export function boardPackStyles(): string {
  styles ??= [join(GOVUK_FRONTEND, 'govuk', 'govuk-frontend.min.css'), join(ROOT, 'apps', 'api', 'static', 'tracker.css'), join(ROOT, 'apps', 'api', 'static', 'board-pack.css')]
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  return styles;
}
