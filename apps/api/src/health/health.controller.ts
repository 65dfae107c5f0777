import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { EventStore } from '@tracker/event-store';
import { ProjectionRunner } from '@tracker/read-models';
import { Public } from '../access/auth/permissions';
import { EVENT_STORE } from '../infrastructure/tokens';
import { WitnessHealth, Witnesses } from '../audit/witnesses/witnesses';
import { ProgrammeViews } from '../readiness/programme-views';

export interface Health {
  readonly live: true;
  /** Ready = the store answers and the projections have caught up with it. */
  readonly ready: boolean;
  readonly store: { readonly kind: string; readonly reachable: boolean; readonly headPosition?: number; readonly problem?: string };
  readonly projections: {
    readonly position: number;
    readonly caughtUp: boolean;
    readonly problem?: string;
    /** Set while the store has ended the projections' subscription and they wait to subscribe again. */
    readonly resubscribing?: { readonly attempt: number; readonly retryInMs: number };
  };
  /** Deliveries of digests to witnesses outside the server; one not yet made does not make the server unready. */
  readonly witnesses: WitnessHealth;
  /**
   * Snapshots of each programme's state, taken in the background as events arrive so that views of
   * the past start near where they are asked. Behind after a restart or a rebuild; never makes the
   * server unready (a view of the past then replays further).
   */
  readonly snapshots: { readonly position: number; readonly caughtUp: boolean };
}

@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    private readonly witnesses: Witnesses,
    private readonly views: ProgrammeViews,
  ) {}

  /** Always 200 while the process serves requests; the body says whether it is ready. */
  @Get()
  health(): Promise<Health> {
    return this.check();
  }

  /** 200 when ready, 503 otherwise, for load balancers. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Health> {
    const health = await this.check();
    void reply.status(health.ready ? 200 : 503);
    return health;
  }

  private async check(): Promise<Health> {
    const position = this.projections.position;
    const failed = this.projections.failed;
    const interrupted = this.projections.interrupted;
    const projectionProblem =
      failed !== undefined
        ? { problem: messageOf(failed) }
        : interrupted !== undefined
          ? {
              problem: `the event store ended the subscription the read models are fed by (${messageOf(interrupted.error)}); subscribing again from position ${position} in ${interrupted.retryInMs / 1000} s`,
              resubscribing: { attempt: interrupted.attempt, retryInMs: interrupted.retryInMs },
            }
          : {};
    try {
      const headPosition = await this.store.headPosition();
      const caughtUp = failed === undefined && interrupted === undefined && position >= headPosition;
      return {
        live: true,
        ready: caughtUp,
        store: { kind: this.store.kind, reachable: true, headPosition },
        projections: { position, caughtUp, ...projectionProblem },
        witnesses: this.witnessHealth(),
        snapshots: this.snapshotHealth(headPosition),
      };
    } catch (error) {
      return {
        live: true,
        ready: false,
        store: { kind: this.store.kind, reachable: false, problem: (error as Error).message },
        projections: { position, caughtUp: false, ...projectionProblem },
        witnesses: this.witnessHealth(),
        snapshots: this.snapshotHealth(),
      };
    }
  }

  private snapshotHealth(headPosition?: number): Health['snapshots'] {
    const position = this.views.snapshotKeeper.position;
    return { position, caughtUp: headPosition !== undefined && position >= headPosition };
  }

  /** Health answers even when the witnesses' outbox cannot be read, and says so. */
  private witnessHealth(): WitnessHealth {
    try {
      return this.witnesses.health();
    } catch (error) {
      return { configured: this.witnesses.configured, pending: 0, failing: 0, problem: `the witnesses' outbox cannot be read: ${(error as Error).message}` };
    }
  }
}

function messageOf(error: unknown): string {
  return String((error as Error | undefined)?.message ?? error);
}
