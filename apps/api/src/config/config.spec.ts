import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has defaults that run the tracker on the embedded store', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', bodyLimitBytes: 1048576, logLevel: 'info' });
    expect(config.eventStoreFile).toMatch(/data[/\\]events\.sqlite$/);
    expect(config.eventStoreConnectionString).toBeUndefined();
  });

  it('prints board packs with Debian’s Chromium unless CHROMIUM_PATH names another', () => {
    expect(loadConfig({}).chromiumPath).toBe(resolve('/usr/bin/chromium'));
    expect(loadConfig({ CHROMIUM_PATH: ' /opt/google/chrome/chrome ' }).chromiumPath).toBe(resolve('/opt/google/chrome/chrome'));
  });

  it('believes no proxy by default, or as many hops as TRUST_PROXY counts', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  });

  it.each([
    ['PORT', 'abc', 'PORT must be a whole number from 0 to 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    ['BODY_LIMIT_BYTES', '12.5', 'BODY_LIMIT_BYTES must be a whole number'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    ['TRUST_PROXY', 'yes', 'TRUST_PROXY must be false, the number of trusted proxies (1 to 9), or true (got "yes")'],
    ['EVENTSTORE_CONNECTION_STRING', 'http://localhost:2113', 'EVENTSTORE_CONNECTION_STRING must be an EventStoreDB connection string'],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    const load = () => loadConfig({ [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it.each(['http://admin:s3cr:t@pa55@localhost:2113', 'esdb:/admin:s3cr:t@pa55@node1:2113,node2:2113', 'esdb://admin:s3cr:t@pa55@node 1:2113'])(
    'never shows the credentials of a connection string it refuses (%s)',
    (value) => {
      const refusal = (() => {
        try {
          loadConfig({ EVENTSTORE_CONNECTION_STRING: value });
        } catch (error) {
          return error as ConfigError;
        }
      })();
      expect(refusal).toBeInstanceOf(ConfigError);
      expect(refusal?.message).not.toMatch(/s3cr|pa55|admin/);
    },
  );
});
