import { mkdirSync, rmSync } from 'node:fs';
import pino from 'pino';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '../../apps/api/src/config/config';
import { programmeBody } from '../support/server-process';

const TOKEN = 'tt_bench-administrator-token-0123456789abcdef';

/** The whole application in this process on a fresh data folder, answering requests by inject, as an administrator. */
export async function inProcessApp(dataDir: string) {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', BOOTSTRAP_ADMIN_TOKEN: TOKEN, PASSWORD_HASH_COST: '10' });
  const app = await createApp({ config, logger: pino({ level: 'silent' }) });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const auth = { authorization: `Bearer ${TOKEN}` };
  return {
    fastify,
    auth,
    /** Registers a programme and answers its id. */
    programme: async (name: string) => (await fastify.inject({ method: 'POST', url: '/api/programmes', headers: auth, payload: programmeBody(name) })).json().id as string,
    /** The contracts register imported from a spreadsheet in one request, as a browser uploads it. */
    importContracts: (programmeId: string, file: Buffer) => {
      const boundary = '----bench';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="contracts.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return fastify.inject({ method: 'POST', url: `/api/programmes/${programmeId}/imports?register=contracts`, headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
    },
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
