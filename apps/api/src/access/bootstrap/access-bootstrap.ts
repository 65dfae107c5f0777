import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { Actor, CreateUser, IssueApiToken, SetPassword, userDecider, userStreamId } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { Config } from '../../config/config';
import { CLOCK, CONFIG, Clock, EVENT_STORE, LOGGER } from '../../infrastructure/tokens';
import { CommandRunner } from '../../shared/command-runner';
import { RequestContext } from '../../shared/request-context';
import { userIdFor } from '../commands/create-user/create-user.handler';
import { hashPassword, newApiToken, newPassword, tokenHash } from '../auth/credentials';

const SYSTEM: RequestContext = { userId: 'system', role: 'system', correlationId: 'bootstrap', causationId: 'bootstrap' };
const SYSTEM_ACTOR: Actor = { userId: 'system', administrator: true, via: 'system' };
const TOKEN_LIFETIME_DAYS = 365;

/**
 * On the first start with an empty store, someone must be able to sign in: a first administrator
 * is created, with the configured password and token or generated ones, printed once.
 */
@Injectable()
export class AccessBootstrap implements OnApplicationBootstrap {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.store.headPosition()) > 0) return;
    const { email, token: configuredToken, password: configuredPassword } = this.config.bootstrapAdmin;
    const userId = userIdFor(email);
    const stream = userStreamId(userId);
    const password = configuredPassword ?? newPassword();
    const token = configuredToken ?? newApiToken();
    const lifetimeDays = Math.min(TOKEN_LIFETIME_DAYS, this.config.apiTokenMaxDays);
    const expiresAt = new Date(Date.parse(this.clock()) + lifetimeDays * 86400_000).toISOString();

    const create: Omit<CreateUser, 'metadata'> = { type: 'CreateUser', data: { userId, email, name: 'Administrator', administrator: true } };
    await this.runner.run(userDecider, stream, create, SYSTEM);
    const setPassword: Omit<SetPassword, 'metadata'> = { type: 'SetPassword', data: { userId, passwordHash: await hashPassword(password, this.config.passwordHashCost) }, by: SYSTEM_ACTOR };
    await this.runner.run(userDecider, stream, setPassword, SYSTEM);
    const issue: Omit<IssueApiToken, 'metadata'> = {
      type: 'IssueApiToken',
      data: { userId, tokenId: 'bootstrap', tokenHash: tokenHash(token), expiresAt },
      by: SYSTEM_ACTOR,
      maxLifetimeDays: this.config.apiTokenMaxDays,
    };
    await this.runner.run(userDecider, stream, issue, SYSTEM);

    const generated = {
      ...(configuredPassword === undefined ? { password } : {}),
      ...(configuredToken === undefined ? { token } : {}),
    };
    this.logger.warn(
      { email, userId, tokenExpiresAt: expiresAt, ...generated },
      Object.keys(generated).length > 0
        ? `First administrator ${email} created. Keep the generated ${Object.keys(generated).join(' and ')} now: they are shown only this once.`
        : `First administrator ${email} created with the configured password and token.`,
    );
  }
}
