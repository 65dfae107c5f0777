import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { IssueApiToken, userDecider, userStreamId } from '@tracker/domain';
import { Config } from '../../../config/config';
import { CLOCK, CONFIG, Clock } from '../../../infrastructure/tokens';
import { CommandRunner } from '../../../shared/command-runner';
import { CurrentPasswordCheck } from '../../auth/current-password';
import { newApiToken, tokenHash } from '../../auth/credentials';
import { IssueApiTokenCommand, IssuedToken } from './issue-api-token.command';

const DEFAULT_LIFETIME_DAYS = 90;

@CommandHandler(IssueApiTokenCommand)
export class IssueApiTokenHandler implements ICommandHandler<IssueApiTokenCommand, IssuedToken> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly currentPasswords: CurrentPasswordCheck,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The token is answered once and kept nowhere: only its hash is recorded. */
  async execute({ userId, expiresAt, context, caller, currentPassword }: IssueApiTokenCommand): Promise<IssuedToken> {
    const checked = await this.currentPasswords.check(caller, userId, currentPassword);
    const token = newApiToken();
    const tokenId = randomUUID();
    const maxLifetimeDays = this.config.apiTokenMaxDays;
    const lifetime = Math.min(DEFAULT_LIFETIME_DAYS, maxLifetimeDays);
    const until = expiresAt === undefined ? new Date(Date.parse(this.clock()) + lifetime * 86400_000).toISOString() : new Date(expiresAt).toISOString();
    const command: Omit<IssueApiToken, 'metadata'> = {
      type: 'IssueApiToken',
      data: { userId, tokenId, tokenHash: tokenHash(token), expiresAt: until },
      by: caller.by,
      currentPassword: checked,
      maxLifetimeDays,
    };
    const result = await this.runner.run(userDecider, userStreamId(userId), command, context);
    return { tokenId, token, expiresAt: until, result };
  }
}
