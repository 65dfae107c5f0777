import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '@tracker/domain';
import { AccessDirectory } from '@tracker/read-models';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { Principal } from '../../auth/auth.guard';
import { Permit } from '../../auth/permissions';
import { SessionStore } from '../../auth/sessions';

/** One account as its owner or an administrator sees it: never a password hash, a token's hash or a session's id. */
@Controller('api/users/:userId')
export class UserAccountHttpController {
  constructor(
    private readonly directory: AccessDirectory,
    private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @Permit('self')
  user(@Param('userId') userId: string) {
    const user = this.directory.userById(userId);
    if (!user) throw new NotFoundError('user', userId);
    const { id, email, name, administrator, disabled } = user;
    return { id, email, name, administrator, disabled, memberships: this.directory.membershipsOf(userId) };
  }

  /** Newest first; revoked and expired ones too, so the history of the account's credentials is plain. */
  @Get('tokens')
  @Permit('self')
  tokens(@Param('userId') userId: string) {
    this.assertUser(userId);
    return { items: this.directory.tokensOf(userId) };
  }

  /** The sessions still running; `current` marks the one asking. */
  @Get('sessions')
  @Permit('self')
  list(@Param('userId') userId: string, @Req() request: FastifyRequest & { principal: Principal }) {
    this.assertUser(userId);
    const items = this.sessions.listOf(userId, this.clock()).map((session) => ({ ...session, current: session.ref === request.principal.sessionRef }));
    return { items };
  }

  private assertUser(userId: string): void {
    if (!this.directory.userById(userId)) throw new NotFoundError('user', userId);
  }
}
