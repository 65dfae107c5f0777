import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AuditChain, ProgrammeList } from '@tracker/read-models';
import { Config } from '../config/config';
import { CONFIG, LOGGER } from '../infrastructure/tokens';
import { RequestContext } from '../shared/request-context';
import { Digests } from './digests';

export const PERIODIC_REASON = 'periodic';

/**
 * Who takes a periodic digest: nobody asked, so it is the system, as for the first administrator
 * made at start-up (access-bootstrap.ts) — user and role "system".
 */
const systemContext = (): RequestContext => ({ userId: 'system', role: 'system', correlationId: `periodic-digest:${randomUUID()}`, causationId: 'timer:periodic-digest' });

/**
 * Keeps the part of each history that no digest covers short: every DIGEST_INTERVAL_MINUTES, a
 * digest of each programme whose chain has moved past its newest digest (and none of one that has
 * not, so a quiet programme gathers no digests). Heads come from the recorded chain, not a replay.
 */
@Injectable()
export class PeriodicDigests implements OnApplicationBootstrap, OnModuleDestroy {
  /** The position each programme's newest digest covers, as far as this process knows. */
  private readonly covered = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private work: Promise<string[]> = Promise.resolve([]);
  private stopped = false;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly programmes: ProgrammeList,
    private readonly chain: AuditChain,
    private readonly digests: Digests,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.digestIntervalMinutes === 0) return;
    this.timer = setInterval(() => void this.runOnce(), this.config.digestIntervalMinutes * 60_000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.work;
  }

  /** One round, after any under way: answers the programmes it took a digest of. */
  runOnce(): Promise<string[]> {
    this.work = this.work.then(() => this.round(), () => this.round());
    return this.work;
  }

  private async round(): Promise<string[]> {
    const taken: string[] = [];
    for (const { id } of this.programmes.list()) {
      if (this.stopped) break;
      try {
        const head = this.chain.headAt(id);
        if (head.eventCount === 0 || (this.covered.get(id) ?? -1) >= head.position) continue;
        // Asked of the store once per programme and process, and again only after its head moves.
        const newest = (await this.digests.list(id)).reduce((max, digest) => Math.max(max, digest.position), 0);
        if (newest >= head.position) {
          this.covered.set(id, newest);
          continue;
        }
        const digest = await this.digests.take(id, systemContext(), PERIODIC_REASON, head.position);
        this.covered.set(id, digest.position);
        taken.push(id);
      } catch (error) {
        this.logger.error({ err: error, programmeId: id }, 'could not take a periodic digest; the next round tries again');
      }
    }
    if (taken.length > 0) this.logger.info({ programmes: taken.length }, 'took periodic digests');
    return taken;
  }
}
