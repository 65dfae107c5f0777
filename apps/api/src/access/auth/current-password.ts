import { Injectable, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Actor, CurrentPassword, needsCurrentPassword } from '@tracker/domain';
import { AccessDirectory } from '@tracker/read-models';
import { PasswordCheckBusyError } from './access-errors';
import { Principal, actorOf } from './auth.guard';
import { PasswordChecker } from './credentials';
import { SignInThrottle } from './sign-in-throttle';

/** Who is acting on an account, how they signed in, and from where (for the sign-in throttle). */
export interface Caller {
  readonly by: Actor;
  readonly address: string;
}

export const CallerOf = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest & { principal: Principal }>();
  return { by: actorOf(request.principal), address: request.ip };
});

/**
 * Checks the current password a session gives before its owner's password changes or a token
 * is minted. It counts against the same throttle as signing in, before it is hashed, and hashes
 * in the same small pool: a stolen session cannot guess it any faster than the sign-in form.
 */
@Injectable()
export class CurrentPasswordCheck {
  constructor(
    private readonly directory: AccessDirectory,
    private readonly throttle: SignInThrottle,
    private readonly passwords: PasswordChecker,
  ) {}

  /** undefined when the rule does not ask for it (a token, or someone else's account); the domain decides on the answer. */
  async check(caller: Caller, userId: string, given: string | undefined): Promise<CurrentPassword | undefined> {
    if (!needsCurrentPassword(caller.by, userId)) return undefined;
    if (given === undefined || given === '') return 'not given';
    const user = this.directory.userById(userId);
    const attempt = this.throttle.reserve(user?.email ?? userId, caller.address);
    let right: boolean;
    try {
      right = await this.passwords.check(given, user?.passwordHash);
    } catch (error) {
      if (error instanceof PasswordCheckBusyError) attempt.notChecked();
      throw error;
    }
    if (right) attempt.succeeded();
    return right ? 'right' : 'wrong';
  }
}
