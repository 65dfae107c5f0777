import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { SignedDigest, signDigest } from '@tracker/audit';
import { DigestRecord, NotFoundError, RecordDigest, digestsDecider, digestsStreamId } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { AuditChain } from '@tracker/read-models';
import { CLOCK, Clock, EVENT_STORE, LOGGER } from '../infrastructure/tokens';
import { CommandRunner } from '../shared/command-runner';
import { RequestContext } from '../shared/request-context';
import { SigningKeys } from './signing-keys';
import { Witnesses } from './witnesses/witnesses';

/** The reason a digest taken at a board decision carries: how "what the board saw" finds it. */
export const boardDecisionReason = (decisionId: string) => `board decision ${decisionId}`;
const BOARD_DECISION = /^board decision (.+)$/;
/** The reason of the digest taken as go-live is recorded: the go-live picture, kept for ever. */
export const GO_LIVE_REASON = 'go-live';

/** Takes, keeps and lists signed digests of a programme's hash chain. */
@Injectable()
export class Digests {
  constructor(
    private readonly chain: AuditChain,
    private readonly keys: SigningKeys,
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly witnesses: Witnesses,
  ) {}

  /** Signs the chain's head at `upTo` (the newest event when left out) and records the digest. */
  async take(programmeId: string, context: RequestContext, reason?: string, upTo?: number): Promise<SignedDigest> {
    const head = this.chain.headAt(programmeId, upTo);
    const digest = signDigest(
      { programmeId, position: head.position, eventCount: head.eventCount, headHash: head.headHash, takenAt: this.clock(), ...(reason ? { reason } : {}), keyFingerprint: this.keys.fingerprint },
      this.keys.privateKey,
    );
    const command: Omit<RecordDigest, 'metadata'> = { type: 'RecordDigest', data: { digest: digest as DigestRecord } };
    const recorded = await this.runner.run(digestsDecider, digestsStreamId(programmeId), command, context);
    // A retried request (same Idempotency-Key) recorded nothing: it answers the digest first recorded,
    // not the one just signed, which no stream holds and no witness may be sent.
    const answer = context.idempotencyKey === undefined ? digest : await this.recordedAt(programmeId, recorded.version - 1, digest);
    // Only once recorded; it never throws, so an unreachable witness fails neither the take nor its write.
    // Queuing a digest already queued adds nothing, so a retry also queues one its first attempt did not.
    this.witnesses.witness(answer);
    return answer;
  }

  private async recordedAt(programmeId: string, revision: number, fallback: SignedDigest): Promise<SignedDigest> {
    const [event] = await this.store.readStream(digestsStreamId(programmeId), { fromRevision: revision, toRevision: revision });
    return (event?.data as { digest?: SignedDigest } | undefined)?.digest ?? fallback;
  }

  /**
   * Taken after a write that the board or an auditor will later ask about. The write is already
   * stored and acknowledged, so a failure here is logged rather than turned into an error.
   */
  async takeAfter(programmeId: string, context: RequestContext, reason: string, upTo?: number): Promise<void> {
    try {
      await this.take(programmeId, context, reason, upTo);
    } catch (error) {
      this.logger.error({ err: error, programmeId, reason }, 'could not take a digest; take one on demand');
    }
  }

  async list(programmeId: string): Promise<SignedDigest[]> {
    const events = await this.store.readStream(digestsStreamId(programmeId));
    return events.map((event) => (event.data as { digest: SignedDigest }).digest);
  }

  /** The digests taken at board decisions, each with its decision's id, oldest first. */
  async ofDecisions(programmeId: string): Promise<(SignedDigest & { decisionId: string })[]> {
    return (await this.list(programmeId)).flatMap((digest) => {
      const decisionId = BOARD_DECISION.exec(digest.reason ?? '')?.[1];
      return decisionId === undefined ? [] : [{ ...digest, decisionId }];
    });
  }

  /**
   * The digest taken as go-live was recorded: the signed picture of the programme as it went live.
   * 404 saying why when there is none: before go-live, closed without going live, or (logged then)
   * the digest could not be taken as go-live was recorded.
   */
  async ofGoLive(programmeId: string, status: 'active' | 'live' | 'closed'): Promise<SignedDigest> {
    const digest = (await this.list(programmeId)).findLast((d) => d.reason === GO_LIVE_REASON);
    if (digest) return digest;
    const why =
      status === 'active'
        ? 'The programme has not gone live: its go-live picture is signed when go-live is recorded'
        : 'No go-live picture was signed for this programme: it closed without going live, or the digest could not be taken when go-live was recorded (the server log says why)';
    throw new NotFoundError('go-live picture', programmeId, why);
  }

  /** The digest of what the board saw when it took this decision; 404 when there is none. */
  async ofDecision(programmeId: string, decisionId: string): Promise<SignedDigest> {
    const digest = (await this.ofDecisions(programmeId)).find((d) => d.decisionId === decisionId);
    if (!digest) throw new NotFoundError('board decision', decisionId);
    const { decisionId: _id, ...signed } = digest;
    return signed;
  }
}
