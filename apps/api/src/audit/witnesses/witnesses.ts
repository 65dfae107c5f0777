import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { SignedDigest, verifyDigest } from '@tracker/audit';
import { EventStore } from '@tracker/event-store';
import { ProgrammeList } from '@tracker/read-models';
import { Config, WitnessConfig, withoutPassword } from '../../config/config';
import { CLOCK, CONFIG, Clock, EVENT_STORE, LOGGER } from '../../infrastructure/tokens';
import { SigningKeys } from '../signing-keys';
import { WitnessedDigest, emailOf, errorInWords, retryDelaySeconds, webhookOf } from './witness-messages';
import { Delivery, WitnessKind, WitnessOutbox, stateOf } from './witness-outbox';

/** How often the outbox is looked at for deliveries whose retry has come due. */
const POLL_MS = 15_000;
/** No witness may hold a delivery (or shutdown) up for longer than this. */
const SEND_TIMEOUT_MS = 15_000;

/** A configured witness as an administrator may see it: never a password or a secret. */
export interface WitnessDescription {
  readonly kind: WitnessKind;
  readonly target: string;
}

/** What /health says about the witnesses. */
export interface WitnessHealth {
  readonly configured: WitnessKind[];
  readonly pending: number;
  readonly oldestPendingSeconds?: number;
  /** Undelivered deliveries whose last attempt failed. */
  readonly failing: number;
  readonly lastError?: string;
  /** In words, when something is not delivered. */
  readonly problem?: string;
}

/**
 * Sends every digest, as it is taken, to witnesses the server cannot rewrite: email to the
 * people named in WITNESS_EMAIL_TO and a webhook. A digest that a witness holds can be checked
 * against whatever the server later shows, so rewriting the history and re-signing it shows.
 * Deliveries wait in an outbox until they are made, retried with backoff for as long as it takes.
 */
@Injectable()
export class Witnesses implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly outbox: WitnessOutbox;
  private readonly settings: WitnessConfig;
  private mailer?: Transporter;
  private timer?: NodeJS.Timeout;
  private work: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Set when a digest could not be queued: the next poll looks for recorded digests never queued. */
  private unqueued = false;

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly keys: SigningKeys,
    private readonly programmes: ProgrammeList,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.settings = config.witnesses;
    this.outbox = new WitnessOutbox(config.witnesses.outboxFile);
  }

  get configured(): WitnessKind[] {
    return [...(this.settings.email ? (['email'] as const) : []), ...(this.settings.webhook ? (['webhook'] as const) : [])];
  }

  describe(): WitnessDescription[] {
    const { email, webhook } = this.settings;
    return [
      ...(email ? [{ kind: 'email' as const, target: `${email.to.join(', ')}, from ${email.from} through ${withoutPassword(email.smtpUrl)}` }] : []),
      ...(webhook ? [{ kind: 'webhook' as const, target: `POST ${webhookTarget(webhook.url)}${webhook.secret ? ', signed with HMAC-SHA256' : ', unsigned'}` }] : []),
    ];
  }

  /**
   * Called as each digest is recorded. Never throws: the digest and the write that caused it are
   * already stored, and a witness that cannot be reached is reported, not turned into an error.
   */
  witness(digest: SignedDigest): void {
    if (this.configured.length === 0) return;
    try {
      this.outbox.enqueue({
        witnesses: this.configured,
        programmeId: digest.programmeId,
        programmeName: this.programmes.get(digest.programmeId)?.name ?? digest.programmeId,
        digest,
        keyFingerprint: this.keys.fingerprint,
        publicKeyPem: this.keys.publicKeyPem,
        at: this.now(),
      });
      void this.deliverDue();
    } catch (error) {
      this.unqueued = true;
      this.logger.error({ err: error, programmeId: digest.programmeId, position: digest.position }, 'could not queue a digest for its witnesses; it is queued again shortly');
    }
  }

  /**
   * Queues every recorded digest that a witness was never sent: one recorded just before a crash,
   * before it was queued, or one whose queuing failed. Each look starts where the last one ended
   * (a store position kept in the outbox), so it reads only the digests recorded since. The first
   * look for a witness (newly configured) sends only each programme's newest digest, which covers
   * the whole history before it. Only digests the key now held signed are sent, since each message
   * names that key. Answers how many deliveries were added.
   */
  async reconcile(): Promise<number> {
    let added = 0;
    const head = await this.store.headPosition();
    for (const witness of this.configured) {
      // A restored outbox may have looked further than the restored store reaches.
      const from = this.outbox.reconciledUpTo(witness);
      const after = from === undefined ? undefined : Math.min(from, head);
      const newest = new Map<string, SignedDigest>();
      let upTo = after ?? 0;
      for await (const event of this.store.readAll({ streamPrefix: 'audit-digests-', ...(after === undefined ? {} : { after }) })) {
        upTo = Math.max(upTo, event.position);
        if (event.type !== 'DigestRecorded') continue;
        const digest = (event.data as { digest: SignedDigest }).digest;
        if (after === undefined) newest.set(digest.programmeId, digest);
        else added += this.queueIfNever(witness, digest);
      }
      for (const digest of newest.values()) added += this.queueIfNever(witness, digest);
      this.outbox.reconciled(witness, upTo);
    }
    if (added > 0) this.logger.warn({ deliveries: added }, 'queued recorded digests that their witnesses had never been sent');
    return added;
  }

  private queueIfNever(witness: WitnessKind, digest: SignedDigest): number {
    if (this.outbox.queued(witness, digest.programmeId, digest.signature) || !verifyDigest(digest, this.keys.publicKey)) return 0;
    return this.outbox.enqueue({
      witnesses: [witness],
      programmeId: digest.programmeId,
      programmeName: this.programmes.get(digest.programmeId)?.name ?? digest.programmeId,
      digest,
      keyFingerprint: this.keys.fingerprint,
      publicKeyPem: this.keys.publicKeyPem,
      at: this.now(),
    });
  }

  /** Tries every delivery that is due, one run at a time; resolves when this run is done. */
  deliverDue(): Promise<void> {
    this.work = this.work.then(() => this.attemptDue()).catch((error) => this.logger.error({ err: error }, 'witness deliveries stopped unexpectedly; they are retried'));
    return this.work;
  }

  /** Tries every undelivered delivery now, whatever its backoff: once a witness is fixed, nobody need wait an hour. */
  async retryNow(): Promise<{ tried: number; undelivered: number }> {
    const tried = this.outbox.allDue(this.now());
    await this.deliverDue();
    return { tried, undelivered: this.outbox.undelivered().length };
  }

  health(): WitnessHealth {
    const undelivered = this.outbox.undelivered();
    const failing = undelivered.filter((d) => stateOf(d) === 'failing');
    const oldest = undelivered[0];
    const newestFailure = [...failing].sort((a, b) => (b.lastAttemptAt ?? '').localeCompare(a.lastAttemptAt ?? ''))[0];
    const oldestPendingSeconds = oldest && Math.max(0, Math.round((Date.parse(this.now()) - Date.parse(oldest.createdAt)) / 1000));
    const lastError = newestFailure && `${newestFailure.witness}: ${newestFailure.lastError}`;
    return {
      configured: this.configured,
      pending: undelivered.length,
      ...(oldest ? { oldestPendingSeconds } : {}),
      failing: failing.length,
      ...(lastError ? { lastError } : {}),
      ...(undelivered.length > 0
        ? { problem: `${undelivered.length} ${undelivered.length === 1 ? 'delivery' : 'deliveries'} to witnesses not yet made, the oldest waiting ${inWords(oldestPendingSeconds ?? 0)}${lastError ? `; last error: ${lastError}` : ''}` }
        : {}),
    };
  }

  /** The newest deliveries, with every undelivered one. */
  recent(limit = 50): (Delivery & { state: ReturnType<typeof stateOf> })[] {
    return this.outbox.recent(limit).map((delivery) => ({ ...delivery, state: stateOf(delivery) }));
  }

  onApplicationBootstrap(): void {
    // What a previous run left undelivered is tried at once: a restart is how a witness's settings are fixed.
    try {
      this.outbox.allDue(this.now());
    } catch (error) {
      this.logger.error({ err: error }, 'could not read the witnesses’ outbox');
    }
    // A digest recorded just before the previous run stopped may never have been queued.
    this.work = this.work.then(() => this.reconcileLogged());
    void this.deliverDue();
    this.timer = setInterval(() => {
      if (this.unqueued) {
        this.unqueued = false;
        this.work = this.work.then(() => this.reconcileLogged());
      }
      void this.deliverDue();
    }, POLL_MS);
    this.timer.unref();
  }

  private async reconcileLogged(): Promise<void> {
    try {
      await this.reconcile();
    } catch (error) {
      this.unqueued = true;
      this.logger.error({ err: error }, 'could not look for recorded digests never sent to their witnesses; tried again shortly');
    }
  }

  /** Before the stores close: no new attempt starts, and one under way finishes (each is time-limited). */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.work;
    this.mailer?.close();
  }

  onApplicationShutdown(): void {
    this.outbox.close();
  }

  private async attemptDue(): Promise<void> {
    if (this.stopped) return;
    for (const delivery of this.outbox.due(this.now())) {
      if (this.stopped) return;
      try {
        await this.send(delivery);
        this.outbox.delivered(delivery.id, this.now());
        this.logger.info({ witness: delivery.witness, programmeId: delivery.programmeId, position: delivery.digest.position }, 'digest delivered to its witness');
      } catch (error) {
        const now = this.now();
        const next = new Date(Date.parse(now) + retryDelaySeconds(delivery.attempts + 1) * 1000).toISOString();
        const problem = errorInWords(error);
        this.outbox.failed(delivery.id, now, problem, next);
        this.logger.error(
          { witness: delivery.witness, programmeId: delivery.programmeId, position: delivery.digest.position, attempts: delivery.attempts + 1, nextAttemptAt: next, problem },
          'could not deliver a digest to its witness; it will be retried',
        );
      }
    }
  }

  private async send(delivery: Delivery): Promise<void> {
    const witnessed: WitnessedDigest = delivery;
    if (delivery.witness === 'email') {
      const email = this.settings.email;
      if (!email) throw new Error('the email witness is no longer configured (WITNESS_EMAIL_TO is unset); configure it again to deliver this digest');
      this.mailer ??= nodemailer.createTransport({ url: email.smtpUrl, connectionTimeout: SEND_TIMEOUT_MS, greetingTimeout: SEND_TIMEOUT_MS, socketTimeout: SEND_TIMEOUT_MS });
      await this.mailer.sendMail({ from: email.from, to: [...email.to], ...emailOf(witnessed) });
      return;
    }
    const webhook = this.settings.webhook;
    if (!webhook) throw new Error('the webhook witness is no longer configured (WITNESS_WEBHOOK_URL is unset); configure it again to deliver this digest');
    const { body, headers } = webhookOf(witnessed, delivery.id, webhook.secret);
    const response = await fetch(webhook.url, { method: 'POST', body, headers, redirect: 'error', signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    // Read (and drop) the answer so that the connection is freed.
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
  }

  /** The clock's reading in one form, so that stored instants compare as text. */
  private now(): string {
    return new Date(this.clock()).toISOString();
  }
}

/** The webhook's address without credentials or query, which may hold a token. */
function webhookTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}${parsed.search ? '?…' : ''}`;
}

function inWords(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} minutes`;
  if (seconds < 2 * 86400) return `${Math.round(seconds / 3600)} hours`;
  return `${Math.round(seconds / 86400)} days`;
}
