import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { IssueApiToken, userDecider, userStreamId } from '@tracker/domain';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { newApiToken, tokenHash } from '../../auth/credentials';
import { IssueApiTokenCommand } from './issue-api-token.command';

const DEFAULT_LIFETIME_DAYS = 90;

export interface IssuedToken {
  readonly tokenId: string;
  readonly token: string;
  readonly expiresAt: string;
  readonly result: CommandResult;
}

@CommandHandler(IssueApiTokenCommand)
export class IssueApiTokenHandler implements ICommandHandler<IssueApiTokenCommand, IssuedToken> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The token is answered once and kept nowhere: only its hash is recorded. */
  async execute({ userId, expiresAt, context }: IssueApiTokenCommand): Promise<IssuedToken> {
    const token = newApiToken();
    const tokenId = randomUUID();
    const until = expiresAt === undefined ? new Date(Date.parse(this.clock()) + DEFAULT_LIFETIME_DAYS * 86400_000).toISOString() : new Date(expiresAt).toISOString();
    const command: Omit<IssueApiToken, 'metadata'> = { type: 'IssueApiToken', data: { userId, tokenId, tokenHash: tokenHash(token), expiresAt: until } };
    const result = await this.runner.run(userDecider, userStreamId(userId), command, context);
    return { tokenId, token, expiresAt: until, result };
  }
}
