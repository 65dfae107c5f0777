import 'reflect-metadata';
import pino from 'pino';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/config';
import { PdfPrinter } from './web/pdf-printer';
import { Renderer } from './web/renderer';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  const app = await createApp({ config, logger });

  // SIGTERM/SIGINT: stop accepting, let requests in flight finish, close the store; give up after the timeout.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down: draining requests in flight');
      setTimeout(() => {
        logger.error('requests still in flight after SHUTDOWN_TIMEOUT_MS; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
      app.close().then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }

  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, host: config.host, store: config.eventStoreConnectionString ? 'eventstoredb' : config.eventStoreFile },
    `transition tracker listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
  );
  // After listening: nobody waits for it, and no first page pays for compiling its template.
  app.get(Renderer).warm().catch((error: unknown) => logger.warn({ err: error }, 'page templates will be compiled on first use'));
  // Chromium started now, so that the first PDF does not wait for it; with DECISION_BOARD_PACK=html
  // (no decision prints one), only once a PDF is asked for.
  if (config.decisionBoardPack === 'pdf') app.get(PdfPrinter).warm().catch((error: unknown) => logger.warn({ err: error }, 'Chromium will be started by the first PDF'));
}

main().catch((error) => {
  process.stderr.write(`The tracker could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
