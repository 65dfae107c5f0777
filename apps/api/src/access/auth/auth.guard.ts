import type {} from '@fastify/cookie';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Actor, ActorRole, NotFoundError, portfolioCovers } from '@tracker/domain';
import { AccessDirectory, ProgrammeList, ProjectionRunner, UserRow } from '@tracker/read-models';
import type { Logger } from 'pino';
import { CLOCK, Clock, LOGGER } from '../../infrastructure/tokens';
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
  /** How they proved it: an API token (automation) or a browser session (asked for the password again before changing credentials). */
  readonly via: 'token' | 'session';
  /** For a browser session: the token its forms must carry. */
  readonly csrfToken?: string;
  /** For a browser session: its short reference, kept when its owner ends their other sessions. */
  readonly sessionRef?: string;
  /** For an API token: its id. */
  readonly tokenId?: string;
}

/** What a user command records about who is acting and how. */
export const actorOf = (principal: Principal): Actor => ({
  userId: principal.userId,
  administrator: principal.administrator,
  via: principal.via,
  ...(principal.sessionRef === undefined ? {} : { sessionRef: principal.sessionRef }),
});

/** Who the guard found, and by which credential. */
export interface Authenticated {
  readonly user: UserRow;
  readonly via: 'token' | 'session';
  readonly csrfToken?: string;
  readonly sessionRef?: string;
  readonly tokenId?: string;
}

type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/** A token found valid, with how far the read models had got then and when it expires. */
interface TokenCheck {
  readonly checkpoint: number;
  readonly expiresAt: string;
  readonly authenticated: Authenticated;
}

/** Tokens whose last check is kept; beyond this many, all are forgotten and checked afresh. */
const KEPT_TOKEN_CHECKS = 1000;

/** Who a request comes from, by its API token or its session cookie. */
@Injectable()
export class Authenticator {
  /**
   * By token hash. Tokens and users change only by events, through the read models: while they
   * have applied nothing since a token was found valid, the same lookup gives the same answer, so a
   * burst of requests with one token (and each write, checked as it arrives and again by the guard)
   * asks the read store once. Once anything is applied (a revocation, a disabled account, or any
   * other event) the token is checked afresh; expiry is checked on every request.
   */
  private readonly tokenChecks = new Map<string, TokenCheck>();

  constructor(
    private readonly directory: AccessDirectory,
    private readonly sessions: SessionStore,
    private readonly projections: ProjectionRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  authenticate(request: Pick<FastifyRequest, 'headers' | 'cookies'>): Authenticated {
    const header = request.headers.authorization;
    const now = this.clock();
    if (header !== undefined) return this.tokenOf(header, now);
    const sessionId = request.cookies?.[SESSION_COOKIE];
    const session = sessionId === undefined ? undefined : this.sessions.find(sessionId, now);
    const user = session === undefined ? undefined : this.directory.userById(session.userId);
    if (!user || !session || user.disabled) throw new UnauthenticatedError();
    return { user, via: 'session', csrfToken: session.csrfToken, sessionRef: session.ref };
  }

  private tokenOf(header: string, now: string): Authenticated {
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const hash = bearer === undefined ? undefined : tokenHash(bearer);
    const checkpoint = this.projections.position;
    const known = hash === undefined ? undefined : this.tokenChecks.get(hash);
    if (known !== undefined && known.checkpoint === checkpoint && known.expiresAt > now) return known.authenticated;

    const token = hash === undefined ? undefined : this.directory.liveToken(hash, now);
    const user = token === undefined ? undefined : this.directory.userById(token.userId);
    if (!user || !token) throw new UnauthenticatedError('This API token is not valid: it is unknown, expired or revoked');
    // A disabled account's tokens stop at once, and work again if it is enabled.
    if (user.disabled) throw new UnauthenticatedError('This account has been disabled; ask an administrator');
    const authenticated: Authenticated = { user, via: 'token', tokenId: token.tokenId };
    const expiresAt = this.directory.tokensOf(user.id).find((row) => row.id === token.tokenId)?.expiresAt;
    if (expiresAt !== undefined) {
      if (this.tokenChecks.size >= KEPT_TOKEN_CHECKS) this.tokenChecks.clear();
      this.tokenChecks.set(hash!, { checkpoint, expiresAt, authenticated });
    }
    return authenticated;
  }
}

/** Who is acting, as a route sees them: the authenticated account in the role it has here. */
export function principalOf({ user, via, csrfToken, sessionRef, tokenId }: Authenticated, role: ActorRole): Principal {
  return { userId: user.id, role, administrator: user.administrator, email: user.email, name: user.name, via, csrfToken, sessionRef, tokenId };
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
    private readonly programmes: ProgrammeList,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const permissions = this.reflector.getAllAndOverride<Permission[] | undefined>(PERMIT, targets);
    if (permissions === undefined) throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no permission`);

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const { user, via, csrfToken, sessionRef, tokenId } = this.authenticator.authenticate(request);
    const params = request.params as { programmeId?: string; userId?: string };

    let role: ActorRole;
    if (user.administrator) role = 'administrator';
    else if (params.programmeId !== undefined) {
      // A programme you are not part of behaves as if it did not exist, unless your portfolio access
      // covers it: then you read it as an auditor does, and change nothing.
      const membership = this.directory.roleIn(params.programmeId, user.id);
      const member = membership ?? (this.portfolioCovers(user.id, params.programmeId) ? 'auditor' : undefined);
      if (member === undefined) throw new NotFoundError('programme', params.programmeId);
      // A read through portfolio access is logged with who read what, as the portfolio's own answer is.
      if (membership === undefined) this.logger.info({ userId: user.id, programmeId: params.programmeId, method: request.method, url: request.url }, 'read through portfolio access');
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
    request.principal = principalOf({ user, via, csrfToken, sessionRef, tokenId }, role);
    return true;
  }

  private portfolioCovers(userId: string, programmeId: string): boolean {
    return portfolioCovers(this.directory.portfolioScopeOf(userId), this.programmes.get(programmeId)?.description ?? {});
  }

  private allows(permissions: readonly Permission[], role: ActorRole, isSelf: boolean): boolean {
    return permissions.some((permission) => permission === role || permission === 'signed-in' || (permission === 'self' && isSelf));
  }
}

function describe(permissions: readonly Permission[]): string {
  const roles = permissions.filter((p) => p !== 'self' && p !== 'signed-in');
  return roles.length === 0 ? 'an administrator' : `${roles.join(' or ')} (or an administrator)`;
}
