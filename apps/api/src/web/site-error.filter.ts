import { ArgumentsHost, Catch, ExceptionFilter, Inject } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../infrastructure/tokens';
import { HttpErrorFilter } from '../shared/http-errors';
import { PageErrorFilter, isPageRequest } from './page-error.filter';

/**
 * Every error the routes' own filters leave: a browser asking for a page (an address that is no
 * page, a refusal) gets the service's error page with its header; the API and everything else get
 * the API's JSON answer.
 */
@Catch()
export class SiteErrorFilter implements ExceptionFilter {
  private readonly api: HttpErrorFilter;

  constructor(
    private readonly pages: PageErrorFilter,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.api = new HttpErrorFilter(logger);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    if (isPageRequest(host.switchToHttp().getRequest<FastifyRequest>())) return this.pages.catch(error, host);
    return this.api.catch(error, host);
  }
}
