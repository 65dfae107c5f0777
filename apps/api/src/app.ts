import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import type Helmet from 'helmet';
import fastifyMultipart from '@fastify/multipart';
import { LogController } from 'fastify';
import pino, { Logger } from 'pino';
import { AppModule } from './app.module';
import { Config } from './config/config';
import { Clock, EVENT_STORE } from './infrastructure/tokens';
import { EventStore } from '@tracker/event-store';
import { ProjectionRunner } from '@tracker/read-models';
import { correlationIdOf } from './shared/request-context';
import { validationPipe } from './shared/validation-pipe';
import { PinoNestLogger } from './shared/pino-nest-logger';
import { Authenticator } from './access/auth/auth.guard';
import { UnauthenticatedError } from './access/auth/access-errors';
import { limitUploads } from './documents/upload-limit';
import { GOVUK_FRONTEND, ROOT } from './web/renderer';

/** Helmet, exactly the one @fastify/helmet depends on (it is not a dependency of ours by name). */
const helmet = createRequire(require.resolve('@fastify/helmet'))('helmet') as typeof Helmet;

/** The CSP hash of the inline script in GOV.UK Frontend's page template, read from the template itself. */
function govukInlineScriptHash(): string {
  const template = readFileSync(join(GOVUK_FRONTEND, 'govuk', 'template.njk'), 'utf8');
  const script = /<script[^>]*>([^<]*)<\/script>/.exec(template)?.[1];
  if (script === undefined) throw new Error('GOV.UK Frontend\'s template has no inline script to allow');
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`;
}

export interface CreateAppOptions {
  readonly config: Config;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly eventStore?: EventStore;
}

/** Builds the application without listening, so tests run exactly what production runs. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const logger = options.logger ?? pino({ level: options.config.logLevel });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: options.config.bodyLimitBytes,
    trustProxy: options.config.trustProxy,
    // A slow sender cannot hold a connection open for ever: the whole request must arrive within
    // REQUEST_TIMEOUT, and a connection that says nothing for a minute is closed.
    requestTimeout: options.config.requestTimeoutMs,
    connectionTimeout: 60_000,
    // Refused while draining by our own hook below, so the answer has the same shape as every other error.
    return503OnClosing: false,
    // The request id is the correlation id, so every log line of a request carries it.
    genReqId: (request: IncomingMessage) => correlationIdOf(request.headers['x-correlation-id']),
    logController: new LogController({
      requestIdLogLabel: 'correlationId',
      // One line per request is worth it only when debugging; errors are always logged.
      disableRequestLogging: options.config.logLevel !== 'debug' && options.config.logLevel !== 'trace',
    }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config: options.config, logger, clock: options.clock, eventStore: options.eventStore }),
    adapter,
    { logger: new PinoNestLogger(logger), bufferLogs: false },
  );
  app.useGlobalPipes(validationPipe());
  await app.register(fastifyCookie);
  // Spreadsheet imports arrive as multipart forms; their fields (the CSRF token among them) become
  // the body as for any other form, and the file a Buffer in it.
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: options.config.importLimitBytes, files: 1, fields: 10, parts: 11 } });
  // A document upload (evidence behind a step, by the API or a step's page) has its own size limit, DOCUMENT_LIMIT_BYTES.
  app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
    // A board pack's digest, uploaded to check it, is a few hundred bytes; a saved pack page a few hundred kilobytes.
    if (route.method === 'POST' && /\/board-pack\/check$/.test(route.url)) route.config = { ...(route.config ?? {}), multipartOptions: { limits: { fileSize: 1_000_000 } } } as typeof route.config;
    if (route.method === 'POST' && /\/(documents|progress\/:step)$/.test(route.url)) route.config = { ...(route.config ?? {}), multipartOptions: { limits: { fileSize: options.config.documentLimitBytes } } } as typeof route.config;
  });
  // Security headers on every answer; the API docs page needs its own inline styles, and GOV.UK
  // Frontend's page template its one inline script, allowed by its hash.
  // (Helmet's middleware is built once: @fastify/helmet built it afresh for every request, about a
  // tenth of a small command's time on the event loop. The headers are the same.)
  const securityHeaders = helmet({
    contentSecurityPolicy: { directives: { 'script-src': ["'self'", govukInlineScriptHash()], 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
  });
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
  // GOV.UK Frontend's styles, scripts, fonts and images, and the tracker's own few.
  app.useStaticAssets({ root: join(GOVUK_FRONTEND, 'govuk'), prefix: '/govuk/', decorateReply: false, index: false, allowedPath: (path) => /\.(css|js|map)$/.test(path) });
  app.useStaticAssets({ root: join(GOVUK_FRONTEND, 'govuk', 'assets'), prefix: '/assets/', decorateReply: false, index: false });
  app.useStaticAssets({ root: join(ROOT, 'apps', 'api', 'static'), prefix: '/static/', decorateReply: false, index: false });

  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON; a plain-text body is refused with 415 rather than validated as a string.
  fastify.removeContentTypeParser('text/plain');
  // Draining: keep-alive connections that finish a request while we close would otherwise stay open
  // until their idle timeout and hold shutdown up; tell clients to reconnect and sweep idle ones.
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
    const sweep = setInterval(() => fastify.server.closeIdleConnections(), 50);
    sweep.unref();
    fastify.server.once('close', () => clearInterval(sweep));
  });
  fastify.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    return reply
      .status(503)
      .header('retry-after', '5')
      .send({ code: 'SHUTTING_DOWN', message: 'The server is restarting; nothing was recorded. Try again in a moment.', details: [] });
  });
  // Listening comes first: while the read models catch up with the events stored before start
  // (minutes, for a million events with the read store deleted), /health answers how far they
  // have got and every other request is told to come back, rather than read half-built answers.
  const projections = app.get(ProjectionRunner);
  const store = app.get<EventStore>(EVENT_STORE);
  let caughtUpOnce = false;
  fastify.addHook('onRequest', async (request, reply) => {
    if (caughtUpOnce || /^\/(health|govuk|assets|static)(\/|\?|$)/.test(request.url)) return;
    const head = await store.headPosition();
    // A short wait covers a small store, whose catch-up takes moments; failed projections are /health's to report.
    if (projections.failed !== undefined || (await projections.waitFor(head, STARTING_WAIT_MS))) {
      caughtUpOnce = true;
      return;
    }
    return reply
      .status(503)
      .header('retry-after', '5')
      .send({
        code: 'STARTING',
        message: `The tracker is starting: its read models have caught up with ${projections.position.toLocaleString('en-GB')} of ${head.toLocaleString('en-GB')} events. Nothing was recorded; try again in a moment.`,
        details: [],
      });
  });
  // Only an import or a document upload takes a file; every other write takes JSON, and a file sent
  // to it is refused before it is read rather than taken for an empty body.
  fastify.addHook('onRequest', async (request, reply) => {
    // (isMultipart() is known only once the body is parsed; the header is known now.)
    if (!/^multipart\//i.test(request.headers['content-type'] ?? '') || /\/(imports?|documents|progress\/:step|board-pack\/check)$/.test(request.routeOptions.url ?? '')) return;
    return reply.status(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as JSON (Content-Type: application/json); only imports and document uploads take a file.', details: [] });
  });
  // No body is read for someone who has not signed in: a write without valid credentials is
  // answered before its body arrives (sign-in itself excepted), so anonymous uploads cost nothing.
  const authenticator = app.get(Authenticator);
  fastify.addHook('onRequest', async (request, reply) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) || (request.routeOptions.url ?? '') === '/sign-in') return;
    try {
      authenticator.authenticate(request);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      // A page's form posted after its session ended goes to sign in, as a page does; the API answers 401.
      if (!request.url.startsWith('/api/')) return reply.header('connection', 'close').redirect('/sign-in', 303);
      return reply
        .status(401)
        .header('www-authenticate', 'Bearer realm="transition-tracker"')
        .header('connection', 'close')
        .send({ code: error.code, message: error.message, details: [] });
    }
  });
  // Uploads are held whole in memory until stored: a few at once (after sign-in is checked), the rest told to come back.
  limitUploads(fastify, /\/(documents|progress\/:step)$/);
  // A JSON body is an object, even for a route that reads nothing from it, and no deeper than a
  // request of ours ever goes: validating a body nested thousands deep overflowed the stack (500).
  fastify.addHook('preHandler', async (request, reply) => {
    const body: unknown = request.body;
    const refuse = (problem: string) =>
      reply.status(400).send({ code: 'VALIDATION_FAILED', message: 'The request has invalid fields; nothing was recorded.', details: [{ field: 'body', problem }] });
    if (body === undefined) return;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse('must be a JSON object');
    if (nestedDeeperThan(body, MAX_BODY_DEPTH)) return refuse(`must not be nested more than ${MAX_BODY_DEPTH} levels deep`);
  });
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-correlation-id', request.id);
    // Pages, API answers and downloads hold programme data: no browser or proxy keeps a copy.
    // Only the shared stylesheets, scripts, fonts and images may be cached.
    if (!/^\/(govuk|assets|static)\//.test(request.url) && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    if (closing) void reply.header('connection', 'close');
  });
  documentApi(app);
  return app;
}

/** How long a request made while the read models catch up waits for them before it is told to come back. */
const STARTING_WAIT_MS = 1000;

/** No request of ours nests deeper than a few levels; this leaves room and stops a hostile body early. */
export const MAX_BODY_DEPTH = 32;

/** Without recursion, so the check cannot overflow the stack it protects; stops at the first too-deep value. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null || Buffer.isBuffer(current)) continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/** OpenAPI at /api/docs (the page) and /api/docs-json (the document), built from the DTOs' own rules. */
function documentApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Transition tracker API')
    .setDescription(
      'Follows a council service on its way to going live as an independent trust. Every write answers {id, version} with an ETag; ' +
        'send If-Match to refuse a stale change (412), Idempotency-Key to retry safely, X-Correlation-Id to tie events to your request. ' +
        'Errors are {code, message, details} and never write anything.',
    )
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), { jsonDocumentUrl: 'api/docs-json' });
}
