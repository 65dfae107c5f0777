import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../../config/config';

describe('witness and periodic digest configuration', () => {
  it('has no witnesses, an outbox in the data folder, and hourly digests by default', () => {
    const config = loadConfig({ DATA_DIR: '/srv/tracker' });
    expect(config.witnesses).toEqual({ outboxFile: resolve('/srv/tracker/witness-outbox.sqlite') });
    expect(config.digestIntervalMinutes).toBe(60);
    expect(loadConfig({ DIGEST_INTERVAL_MINUTES: '0' }).digestIntervalMinutes).toBe(0);
  });

  it('reads the email and webhook witnesses', () => {
    const config = loadConfig({
      WITNESS_EMAIL_TO: ' secretary@board.example ,dfe.lead@education.example',
      WITNESS_EMAIL_FROM: 'tracker@northshire.example',
      SMTP_URL: 'smtps://tracker:pw@mail.example:465',
      WITNESS_WEBHOOK_URL: 'https://witness.example/digests',
      WITNESS_WEBHOOK_SECRET: 'a-shared-secret-of-some-length',
      WITNESS_OUTBOX_FILE: '/var/lib/tracker/outbox.sqlite',
    });
    expect(config.witnesses).toEqual({
      email: { to: ['secretary@board.example', 'dfe.lead@education.example'], from: 'tracker@northshire.example', smtpUrl: 'smtps://tracker:pw@mail.example:465' },
      webhook: { url: 'https://witness.example/digests', secret: 'a-shared-secret-of-some-length' },
      outboxFile: resolve('/var/lib/tracker/outbox.sqlite'),
    });
  });

  it.each([
    [{ WITNESS_EMAIL_TO: 'secretary@board.example, not an address', SMTP_URL: 'smtp://mail.example' }, 'WITNESS_EMAIL_TO must be email addresses separated by commas (got "not an address")'],
    [{ WITNESS_EMAIL_TO: 'secretary@board.example' }, 'SMTP_URL must be set when WITNESS_EMAIL_TO is'],
    [{ WITNESS_EMAIL_TO: 'secretary@board.example', SMTP_URL: 'smtp://mail.example', WITNESS_EMAIL_FROM: 'tracker' }, 'WITNESS_EMAIL_FROM must be an email address (got "tracker")'],
    [{ SMTP_URL: 'http://tracker:hunter2@mail.example' }, 'SMTP_URL must be smtp://[user:password@]host[:port] or smtps://… (got "http://tracker:***@mail.example/")'],
    [{ WITNESS_WEBHOOK_URL: 'ftp://witness.example' }, 'WITNESS_WEBHOOK_URL must be an http:// or https:// address'],
    [{ WITNESS_WEBHOOK_URL: 'https://witness.example', WITNESS_WEBHOOK_SECRET: 'short' }, 'WITNESS_WEBHOOK_SECRET must be at least 16 characters (got "(hidden)")'],
    [{ WITNESS_WEBHOOK_SECRET: 'a-shared-secret-of-some-length' }, 'WITNESS_WEBHOOK_SECRET is set but WITNESS_WEBHOOK_URL is not'],
    [{ DIGEST_INTERVAL_MINUTES: 'hourly' }, 'DIGEST_INTERVAL_MINUTES must be a whole number from 0 to 10080 (got "hourly")'],
    [{ DIGEST_INTERVAL_MINUTES: '10081' }, 'DIGEST_INTERVAL_MINUTES must be a whole number from 0 to 10080'],
  ])('refuses %j, naming the variable', (env, message) => {
    const load = () => loadConfig(env);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('never echoes the SMTP password in a refusal', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://tracker:hunter2@' })).toThrow(/^(?!.*hunter2)/);
  });

  it('documents every one of these variables in the README’s configuration table', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Running on EventStoreDB'));
    for (const name of ['WITNESS_EMAIL_TO', 'WITNESS_EMAIL_FROM', 'SMTP_URL', 'WITNESS_WEBHOOK_URL', 'WITNESS_WEBHOOK_SECRET', 'WITNESS_OUTBOX_FILE', 'DIGEST_INTERVAL_MINUTES']) {
      expect(table).toContain(`| \`${name}\` |`);
    }
  });
});
