import type {} from '@fastify/cookie';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ActorRole, NotFoundError } from '@tracker/domain';
import { AccessDirectory, UserRow } from '@tracker/read-models';
import { CLOCK, Clock } from '../../infrastructure/tokens';
import { ForbiddenError, UnauthenticatedError } from './access-errors';
import { tokenHash } from './credentials';
import { PERMIT, PUBLIC, Permission } from './permissions';
import { SessionStore, sameToken } from './sessions';

export const SESSION_COOKIE = 'tracker_session';

/** Who is calling, as the guard established it; the actor recorded on every event they cause. */
export interface Principal {
  readonly userId: string;
  readonly role: ActorRole;
  readonly administrator: boolean;
  readonly email: string;
  readonly name: string;
  /** For a browser session: the token its forms must carry. */
  readonly csrfToken?: string;
}

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** Who a request comes from, by its API token or its session cookie. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly directory: AccessDirectory,
    private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  authenticate(request: Pick<FastifyRequest, 'headers' | 'cookies'>): { user: UserRow; csrfToken?: string } {
    const now = this.clock();
    const header = request.headers.authorization;
    if (header !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const userId = token === undefined ? undefined : this.directory.tokenOwner(tokenHash(token), now);
      const user = userId === undefined ? undefined : this.directory.userById(userId);
      if (!user) throw new UnauthenticatedError('This API token is not valid: it is unknown, expired or revoked');
      return { user };
    }
    const sessionId = request.cookies?.[SESSION_COOKIE];
    const session = sessionId === undefined ? undefined : this.sessions.find(sessionId, now);
    const user = session === undefined ? undefined : this.directory.userById(session.userId);
    if (!user || !session) throw new UnauthenticatedError();
    return { user, csrfToken: session.csrfToken };
  }
}

/**
 * Every route is closed unless it says who may use it: a route with neither @Public nor a
 * permission fails loudly rather than opening by default.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly directory: AccessDirectory,
    private readonly authenticator: Authenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const permissions = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMIT, targets);
    if (permissions === undefined) throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no permission`);

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { user, csrfToken } = this.authenticator.authenticate(request);
    const params = request.params as { programmeId?: string; userId?: string };

    let role: ActorRole;
    if (user.administrator) role = 'administrator';
    else if (params.programmeId !== undefined) {
      const member = this.directory.roleIn(params.programmeId, user.id);
      // A programme you are not part of behaves as if it did not exist.
      if (member === undefined) throw new NotFoundError('programme', params.programmeId);
      role = member;
    } else role = 'user';

    if (!user.administrator && !this.allows(permissions, role, params.userId === user.id)) {
      throw new ForbiddenError(
        params.programmeId === undefined
          ? 'Only an administrator may do this'
          : `Your role in this programme (${role}) does not allow this; it needs ${describe(permissions)}`,
      );
    }
    // A browser sends its cookie with any form on any site; only our own pages know this token.
    if (csrfToken !== undefined && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const sent = (request.body as { _csrf?: string } | undefined)?._csrf ?? request.headers['x-csrf-token'];
      if (!sameToken(typeof sent === 'string' ? sent : undefined, csrfToken)) {
        throw new ForbiddenError('This form has expired or did not come from the tracker; reload the page and try again');
      }
      delete (request.body as { _csrf?: string } | undefined)?._csrf;
    }
    request.principal = { userId: user.id, role, administrator: user.administrator, email: user.email, name: user.name, csrfToken };
    return true;
  }

  private allows(permissions: readonly Permission[], role: ActorRole, isSelf: boolean): boolean {
    return permissions.some((permission) => permission === role || permission === 'signed-in' || (permission === 'self' && isSelf));
  }
}

function describe(permissions: readonly Permission[]): string {
  const roles = permissions.filter((p) => p !== 'self' && p !== 'signed-in');
  return roles.length === 0 ? 'an administrator' : `${roles.join(' or ')} (or an administrator)`;
}
