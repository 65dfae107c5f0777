import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { UnauthenticatedError } from '../access/auth/access-errors';
import { Authenticator, Principal, principalOf } from '../access/auth/auth.guard';
import { LOGGER } from '../infrastructure/tokens';
import { toHttpError } from '../shared/http-errors';
import { Renderer } from './renderer';

const TITLES: Record<number, string> = { 400: 'There is a problem with that address', 403: 'You cannot do that', 404: 'Page not found', 409: 'That cannot be done now', 503: 'Sorry, the service is unavailable' };

/** Errors on pages are pages: sign-in for the signed-out, a GOV.UK error page for the rest. */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  constructor(
    private readonly renderer: Renderer,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly modules: ModuleRef,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (error instanceof UnauthenticatedError) {
      void reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      return;
    }
    const { status, body } = toHttpError(error, request.id);
    if (status >= 500) this.logger.error({ err: error, correlationId: request.id }, 'page failed');
    const details = (body.details as { field?: string; problem?: string }[]).map((d) => (d.field ? `${d.field} ${d.problem}` : '')).filter(Boolean);
    const message = status >= 500 ? body.message : [body.message.replace(/; nothing was recorded\.$/, '.'), ...details].join(' ');
    const principal = this.principalOf(request);
    this.renderer.send(reply, 'pages/error.njk', { principal, title: TITLES[status] ?? 'Sorry, there is a problem with the service', message, reference: status >= 500 ? request.id : undefined }, status);
  }

  /**
   * Who is looking, for the page's header: the guard's answer when it let the request in, or else
   * (a refusal, an address that is no page) whoever the session or token says, if anyone.
   */
  private principalOf(request: FastifyRequest): Principal | undefined {
    return whoIsLooking(this.modules, request);
  }
}

/** The guard's principal when it let the request in; else whoever the session or token says, if anyone (a page anyone may read, a refusal). */
export function whoIsLooking(modules: ModuleRef, request: FastifyRequest): Principal | undefined {
  const known = (request as FastifyRequest & { principal?: Principal }).principal;
  if (known) return known;
  try {
    const authenticated = modules.get(Authenticator, { strict: false }).authenticate(request as never);
    return principalOf(authenticated, authenticated.user.administrator ? 'administrator' : 'user');
  } catch {
    return undefined;
  }
}

/** A request a browser makes for a page: not the API's, not health, and asking for HTML. */
export function isPageRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0];
  if (path.startsWith('/api/') || path === '/api' || path.startsWith('/health') || path.startsWith('/static/')) return false;
  return String(request.headers.accept ?? '').includes('text/html');
}
