import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { IllegalStateError, dayInWords, ukDateOf } from '@tracker/domain';
import { AccessDirectory, ProgrammeList } from '@tracker/read-models';
import { addDays } from '@tracker/readiness';
import { Config } from '../config/config';
import { DecisionLog } from '../decisions/queries/decision-log/decision-log';
import { CLOCK, CONFIG, Clock, LOGGER } from '../infrastructure/tokens';
import { Action, actionPlanOf, weekOf } from '../readiness/action-plan';
import { ProgrammeViews } from '../readiness/programme-views';
import { Reminder, ReminderOutbox } from './reminder-outbox';

/** What the weekly digest looks ahead to. */
export const DIGEST_DAYS = 14;
const SEND_TIMEOUT_MS = 10_000;
/** A failed send is tried again after 1, 2, 4 … minutes, at most this many apart. */
const MAX_BACKOFF_MINUTES = 360;

interface Owned {
  readonly programmeId: string;
  readonly programme: string;
  readonly action: Action;
}

/**
 * Email reminders of what people own (the owners they say they answer for, on their account page):
 * once a week, from Monday, a digest of what falls due in the next 14 days or is overdue, with what
 * each holds up (go-live, before it); and, at the next look after it happens, a notice of what has
 * just become overdue or started to hold up go-live. Only
 * groups, references and counts go into an email, never a member of staff by name. Queued in an
 * outbox of its own with what each person has been told, so a restart sends nothing twice;
 * sending is retried with backoff and its failures are shown to administrators.
 */
@Injectable()
export class Reminders implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly outbox: ReminderOutbox;
  private mailer?: Transporter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly directory: AccessDirectory,
    private readonly programmes: ProgrammeList,
    private readonly views: ProgrammeViews,
    private readonly decisions: DecisionLog,
  ) {
    this.outbox = new ReminderOutbox(config.reminders.outboxFile);
  }

  get on(): boolean {
    return this.config.reminders.smtpUrl !== undefined && this.config.reminders.everyMinutes > 0;
  }

  onApplicationBootstrap(): void {
    if (!this.on) return;
    const every = this.config.reminders.everyMinutes * 60_000;
    this.timer = setInterval(() => void this.runQuietly(), every);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.mailer?.close();
    this.outbox.close();
  }

  /** Queues what is due to be said and sends what is queued; one run at a time. */
  async run(): Promise<{ queued: number; sent: number; failing: number }> {
    if (this.config.reminders.smtpUrl === undefined) throw new IllegalStateError('Email reminders are off: set SMTP_URL to the mail server that sends them');
    const previous = this.running;
    const work = (async () => {
      await previous?.catch(() => undefined);
      const queued = await this.queue();
      const sent = await this.send();
      return { queued, sent, failing: this.outbox.counts().failing };
    })();
    this.running = work;
    return work;
  }

  status() {
    return { on: this.on, everyMinutes: this.config.reminders.everyMinutes, ...this.outbox.counts(), recent: this.outbox.recent(50) };
  }

  private async runQuietly(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      this.logger.error({ err: error }, 'email reminders could not run');
    }
  }

  private async queue(): Promise<number> {
    const now = this.clock();
    const today = ukDateOf(now);
    let queued = 0;
    for (const { userId, owns } of this.directory.remindedUsers()) {
      const user = this.directory.userById(userId);
      if (!user || user.disabled) continue;
      const owned = await this.ownedBy(user.administrator ? this.programmes.list().map((p) => p.id) : [...this.directory.programmesOf(userId)], new Set(owns));
      const notices = owned.flatMap((o) => noticeKeys(o).map((key) => ({ key, o })));
      const week = `week:${weekOf(today)}`;
      if (this.outbox.untold(userId, [week]).length === 1) {
        const soon = owned.filter(({ action }) => action.overdue || action.due <= addDays(today, DIGEST_DAYS));
        // The digest tells everything owned as it stands (what is due later and holds up go-live by
        // count), so no notice repeats it this week.
        if (soon.length > 0) {
          const later = owned.filter((o) => !soon.includes(o) && o.action.holdsUpGoLive);
          this.outbox.enqueue({ userId, to: user.email, kind: 'weekly', ...this.digest(soon, later, today) }, [week, ...notices.map((n) => n.key)], now);
          queued++;
          continue;
        }
      }
      const untold = new Set(this.outbox.untold(userId, notices.map((n) => n.key)));
      const fresh = notices.filter((n) => untold.has(n.key));
      if (fresh.length > 0) {
        this.outbox.enqueue({ userId, to: user.email, kind: 'notice', ...this.notice(fresh) }, [...untold], now);
        queued++;
      }
    }
    return queued;
  }

  private async ownedBy(programmeIds: readonly string[], owns: ReadonlySet<string>): Promise<Owned[]> {
    const owned: Owned[] = [];
    for (const programmeId of [...programmeIds].sort()) {
      const judged = await this.views.judged(programmeId);
      if (judged.view.programme.status === 'closed') continue;
      const conditions = this.decisions.list(programmeId).awaiting.conditions;
      for (const action of actionPlanOf(judged, conditions, programmeId)) {
        if (action.owner !== undefined && owns.has(action.owner)) owned.push({ programmeId, programme: judged.view.programme.name, action });
      }
    }
    return owned;
  }

  private digest(soon: readonly Owned[], later: readonly Owned[], today: string): { subject: string; text: string } {
    const overdue = soon.filter((o) => o.action.overdue).length;
    const subject = `${soon.length} thing${soon.length === 1 ? '' : 's'} you own due by ${dayInWords(addDays(today, DIGEST_DAYS))}${overdue > 0 ? `, ${overdue} overdue` : ''}`;
    const byProgramme = new Map<string, number>();
    for (const o of later) byProgramme.set(o.programmeId, (byProgramme.get(o.programmeId) ?? 0) + 1);
    const beyond = [...byProgramme].map(([programmeId, n]) => {
      const programme = later.find((o) => o.programmeId === programmeId)!.programme;
      return `${programme}: ${n} more you own hold${n === 1 ? 's' : ''} up go-live, due later. The action plan: ${this.config.reminders.publicUrl}/programmes/${programmeId}/action-plan`;
    });
    return {
      subject,
      text: [`What you own that is overdue or falls due in the next ${DIGEST_DAYS} days, as the tracker judged it on ${dayInWords(today)}:`, '', ...this.lines(soon), ...(beyond.length > 0 ? [...beyond, ''] : []), ...this.footer()].join('\n'),
    };
  }

  private notice(fresh: readonly { readonly key: string; readonly o: Owned }[]): { subject: string; text: string } {
    const once = (because: string) => [...new Map(fresh.filter((n) => n.key.startsWith(because)).map((n) => [`${n.o.programme}\n${n.o.action.href}\n${n.o.action.what}`, n.o])).values()];
    const overdue = once('overdue:');
    const holding = once('holds-up:').filter((o) => !overdue.includes(o));
    const count = (n: number) => `${n} thing${n === 1 ? '' : 's'} you own`;
    const subject =
      holding.length === 0
        ? `${count(overdue.length)} ${overdue.length === 1 ? 'has' : 'have'} become overdue`
        : overdue.length === 0
          ? `${count(holding.length)} now hold${holding.length === 1 ? 's' : ''} up go-live`
          : `${count(overdue.length + holding.length)}: ${overdue.length} overdue, ${holding.length} now holding up go-live`;
    return {
      subject,
      text: [
        'Since the tracker last wrote to you:',
        '',
        ...(overdue.length > 0 ? ['Become overdue:', '', ...this.lines(overdue)] : []),
        ...(holding.length > 0 ? ['Now holding up go-live:', '', ...this.lines(holding)] : []),
        ...this.footer(),
      ].join('\n'),
    };
  }

  private lines(owned: readonly Owned[]): string[] {
    const byProgramme = new Map<string, Owned[]>();
    for (const o of owned) (byProgramme.get(o.programme) ?? byProgramme.set(o.programme, []).get(o.programme)!).push(o);
    return [...byProgramme].flatMap(([programme, list]) => [
      `${programme} (${list.length}):`,
      ...list.map(({ action }) => `- ${action.overdue ? 'OVERDUE ' : ''}${action.subject}: ${action.what} — due ${dayInWords(action.due)}, owner ${action.owner}; holds up: ${action.blocks}. ${this.config.reminders.publicUrl}${action.href}`),
      '',
    ]);
  }

  private footer(): string[] {
    return ['You are sent this because you asked for reminders of what these owners own. Stop them, or change the owners, on your account page:', `${this.config.reminders.publicUrl}/account`];
  }

  private async send(): Promise<number> {
    const { smtpUrl, from } = this.config.reminders;
    let sent = 0;
    for (const reminder of this.outbox.due(this.clock())) {
      try {
        this.mailer ??= nodemailer.createTransport({ url: smtpUrl, connectionTimeout: SEND_TIMEOUT_MS, greetingTimeout: SEND_TIMEOUT_MS, socketTimeout: SEND_TIMEOUT_MS });
        await this.mailer.sendMail({ from, to: reminder.to, subject: `Transition tracker: ${reminder.subject}`, text: reminder.text });
        this.outbox.delivered(reminder.id, this.clock());
        sent++;
      } catch (error) {
        this.retryLater(reminder, error);
      }
    }
    return sent;
  }

  private retryLater(reminder: Reminder, error: unknown): void {
    const minutes = Math.min(2 ** reminder.attempts, MAX_BACKOFF_MINUTES);
    const next = new Date(Date.parse(this.clock()) + minutes * 60_000).toISOString();
    this.outbox.failed(reminder.id, (error as Error).message ?? String(error), next);
    this.logger.warn({ reminder: reminder.id, err: error }, 'an email reminder could not be sent; it will be tried again');
  }
}

/**
 * What a notice is given for, once each: going overdue (by its due day: a new target that passes is
 * told again), and starting to hold up go-live (a new item, a step newly outstanding, a finding raised).
 */
function noticeKeys({ action }: Owned): string[] {
  const what = `${action.href}\n${action.what}`;
  return [...(action.overdue ? [`overdue:${what}\n${action.due}`] : []), ...(action.holdsUpGoLive ? [`holds-up:${what}`] : [])];
}
