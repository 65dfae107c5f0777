import { dirname, join, resolve } from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStoreFile: string;
  readonly readStoreFile: string;
  /** The server's Ed25519 key for signing digests; made on first start when missing. */
  readonly signingKeyFile: string;
  /** When set, events live in EventStoreDB instead of the SQLite file. */
  readonly eventStoreConnectionString?: string;
  readonly bodyLimitBytes: number;
  /** Largest spreadsheet an import accepts. */
  readonly importLimitBytes: number;
  /** Largest document (evidence behind a step) an upload accepts. */
  readonly documentLimitBytes: number;
  /** How large an import may be once unpacked. */
  readonly spreadsheetLimits: { readonly maxInflatedBytes: number; readonly maxCells: number; readonly maxColumns: number };
  readonly logLevel: LogLevel;
  readonly shutdownTimeoutMs: number;
  /** The longest a whole request may take to arrive. */
  readonly requestTimeoutMs: number;
  readonly bootstrapAdmin: { readonly email: string; readonly token?: string; readonly password?: string };
  /** log2 of scrypt's N for new password hashes. */
  readonly passwordHashCost: number;
  /** No API token may be issued to last longer than this many days. */
  readonly apiTokenMaxDays: number;
  /** Behind a reverse proxy: take the client's address and scheme from X-Forwarded-* headers. */
  /** false, or how many reverse proxies in front of the server may be believed about the client (true: any number). */
  readonly trustProxy: boolean | number;
  /** The headless Chromium that prints board packs as PDF; when it is missing, only the PDF is unavailable. */
  readonly chromiumPath: string;
  /** The board pack kept with each decision: printed to PDF, or kept as its printable page without starting Chromium. */
  readonly decisionBoardPack: 'pdf' | 'html';
  /** Where every digest is also sent as it is taken, out of the server's reach; none when unset. */
  readonly witnesses: WitnessConfig;
  /** A digest of each programme whose chain moved is taken this often (0: never). */
  readonly digestIntervalMinutes: number;
  /** Email reminders of what people own: sent through SMTP_URL, from `from`, looked at this often; off without SMTP_URL. */
  readonly reminders: { readonly smtpUrl?: string; readonly from: string; readonly outboxFile: string; readonly everyMinutes: number; readonly publicUrl: string };
}

export interface WitnessConfig {
  readonly email?: { readonly to: readonly string[]; readonly from: string; readonly smtpUrl: string };
  readonly webhook?: { readonly url: string; readonly secret?: string };
  /** Deliveries not yet made, kept apart from the read store so that no rebuild loses them. */
  readonly outboxFile: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every variable the tracker reads, with its default and meaning; the README's table is this one. */
export const CONFIG_VARIABLES = {
  PORT: { default: '3000', meaning: 'TCP port the server listens on' },
  HOST: { default: '127.0.0.1', meaning: 'address to listen on (0.0.0.0 for every interface, as in the container)' },
  DATA_DIR: { default: './data', meaning: 'folder for the SQLite files' },
  EVENT_STORE_FILE: { default: '$DATA_DIR/events.sqlite', meaning: 'the embedded event store (SQLite, WAL, full sync)' },
  READ_STORE_FILE: { default: '$DATA_DIR/read-models.sqlite', meaning: 'projections; rebuilt from the events when missing' },
  SIGNING_KEY_FILE: { default: '$DATA_DIR/../keys/signing-key.pem', meaning: 'the Ed25519 private key that signs digests, kept outside the data folder (./keys beside ./data); made on first start; keep it secret and backed up' },
  EVENTSTORE_CONNECTION_STRING: { default: '(unset)', meaning: 'use EventStoreDB instead of SQLite, e.g. esdb://localhost:2113?tls=false' },
  BODY_LIMIT_BYTES: { default: '1048576', meaning: 'largest request body accepted; larger gets 413' },
  IMPORT_LIMIT_BYTES: { default: '20971520', meaning: 'largest spreadsheet an import accepts; larger gets 413' },
  DOCUMENT_LIMIT_BYTES: { default: '20971520', meaning: 'largest document (evidence behind a step) an upload accepts; larger gets 413' },
  IMPORT_MAX_INFLATED_BYTES: { default: '52428800', meaning: 'the most an .xlsx may unpack to, all its parts together; checked before it is read (413)' },
  IMPORT_MAX_CELLS: { default: '1000000', meaning: 'the most cells a spreadsheet may have (413)' },
  IMPORT_MAX_COLUMNS: { default: '200', meaning: 'the most columns a spreadsheet may have (413)' },
  LOG_LEVEL: { default: 'info', meaning: `one of ${LOG_LEVELS.join(', ')}` },
  SHUTDOWN_TIMEOUT_MS: { default: '10000', meaning: 'how long SIGTERM waits for requests in flight before exiting' },
  REQUEST_TIMEOUT_MS: { default: '120000', meaning: 'how long a whole request may take to arrive; a slower one is cut off' },
  BOOTSTRAP_ADMIN_EMAIL: { default: 'admin@localhost', meaning: 'email of the first administrator, created on first start with an empty store' },
  BOOTSTRAP_ADMIN_TOKEN: { default: '(generated, printed once)', meaning: 'that administrator’s API token (at least 32 characters)' },
  BOOTSTRAP_ADMIN_PASSWORD: { default: '(generated, printed once)', meaning: 'that administrator’s password (at least 12 characters)' },
  PASSWORD_HASH_COST: { default: '17', meaning: 'scrypt cost for new password hashes, as log2 of N (10 to 20)' },
  API_TOKEN_MAX_DAYS: { default: '366', meaning: 'the longest an API token may be issued for, in days (1 to 3660); a later expiresAt is refused with 400' },
  TRUST_PROXY: { default: 'false', meaning: 'behind reverse proxies: how many (1, 2 …) may be believed about the client address and https in X-Forwarded-* headers' },
  CHROMIUM_PATH: { default: '/usr/bin/chromium', meaning: 'the Chromium that prints board packs as PDF; without it the PDF answers 503 and the printable page still works' },
  DECISION_BOARD_PACK: { default: 'pdf', meaning: 'the board pack kept with each board decision: pdf (printed by Chromium; the printable page is kept instead when it cannot print) or html (always the printable page, Chromium never started)' },
  WITNESS_EMAIL_TO: { default: '(unset)', meaning: 'comma-separated email addresses that receive every signed digest as it is taken (e.g. the board secretary, the DfE lead)' },
  WITNESS_EMAIL_FROM: { default: 'transition-tracker@localhost', meaning: 'the sender of those emails' },
  SMTP_URL: { default: '(unset)', meaning: 'the mail server for them: smtp://[user:password@]host[:port] (STARTTLS when offered) or smtps://… (TLS); needed with WITNESS_EMAIL_TO' },
  WITNESS_WEBHOOK_URL: { default: '(unset)', meaning: 'an http(s) address that receives every signed digest as a JSON POST' },
  WITNESS_WEBHOOK_SECRET: { default: '(unset)', meaning: 'signs each webhook body with HMAC-SHA256 in X-Tracker-Signature (at least 16 characters)' },
  WITNESS_OUTBOX_FILE: { default: '$DATA_DIR/witness-outbox.sqlite', meaning: 'deliveries to witnesses not yet made, retried until they are; kept through a rebuild' },
  REMINDERS_FROM: { default: 'transition-tracker@localhost', meaning: 'the sender of email reminders (sent through SMTP_URL to each person who asks for them on their account page)' },
  REMINDERS_EVERY_MINUTES: { default: '60', meaning: 'look this often for reminders to send: the weekly digest (once a week, from Monday), and notices of what has just become overdue (0 turns reminders off)' },
  REMINDERS_OUTBOX_FILE: { default: '$DATA_DIR/reminders.sqlite', meaning: 'reminders queued, sent and failing, and what each person has been told, so that nothing is sent twice after a restart; kept through a rebuild' },
  PUBLIC_URL: { default: 'http://localhost:3000', meaning: 'the address people reach the tracker at, for the links in emails' },
  DIGEST_INTERVAL_MINUTES: { default: '60', meaning: 'take a digest of every programme whose history changed since its newest digest this often (0 turns it off)' },
} as const;

export class ConfigError extends Error {
  constructor(readonly variable: keyof typeof CONFIG_VARIABLES, problem: string, value: string) {
    super(`${variable} ${problem} (got ${JSON.stringify(value)})`);
    this.name = 'ConfigError';
  }
}

/** Reads and checks the environment; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const read = (name: keyof typeof CONFIG_VARIABLES): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const integer = (name: keyof typeof CONFIG_VARIABLES, min: number, max: number): number => {
    const raw = read(name) ?? CONFIG_VARIABLES[name].default;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new ConfigError(name, `must be a whole number from ${min} to ${max}`, raw);
    }
    return value;
  };

  const dataDir = resolve(read('DATA_DIR') ?? CONFIG_VARIABLES.DATA_DIR.default);
  const connection = read('EVENTSTORE_CONNECTION_STRING');
  if (connection !== undefined && !/^esdb(\+discover)?:\/\/\S+$/.test(connection)) {
    throw new ConfigError('EVENTSTORE_CONNECTION_STRING', 'must be an EventStoreDB connection string starting esdb:// or esdb+discover://', withoutCredentials(connection));
  }
  const logLevel = read('LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`, logLevel);
  }

  const token = read('BOOTSTRAP_ADMIN_TOKEN');
  if (token !== undefined && (token.length < 32 || /\s/.test(token))) {
    throw new ConfigError('BOOTSTRAP_ADMIN_TOKEN', 'must be at least 32 characters with no spaces', '(hidden)');
  }
  const password = env.BOOTSTRAP_ADMIN_PASSWORD;
  if (password !== undefined && password !== '' && password.length < 12) {
    throw new ConfigError('BOOTSTRAP_ADMIN_PASSWORD', 'must be at least 12 characters', '(hidden)');
  }
  const email = read('BOOTSTRAP_ADMIN_EMAIL') ?? CONFIG_VARIABLES.BOOTSTRAP_ADMIN_EMAIL.default;
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL', 'must be an email address', email);
  const trustProxy = read('TRUST_PROXY') ?? 'false';
  if (!/^(true|false|[1-9])$/.test(trustProxy)) throw new ConfigError('TRUST_PROXY', 'must be false, the number of trusted proxies (1 to 9), or true', trustProxy);

  const witnesses = witnessConfig(read, dataDir);

  return {
    port: integer('PORT', 0, 65535),
    host: read('HOST') ?? CONFIG_VARIABLES.HOST.default,
    dataDir,
    eventStoreFile: resolve(read('EVENT_STORE_FILE') ?? join(dataDir, 'events.sqlite')),
    readStoreFile: resolve(read('READ_STORE_FILE') ?? join(dataDir, 'read-models.sqlite')),
    // Beside the data folder, not in it: whoever can rewrite the events should not also hold the key.
    signingKeyFile: resolve(read('SIGNING_KEY_FILE') ?? join(dirname(dataDir), 'keys', 'signing-key.pem')),
    eventStoreConnectionString: connection,
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', 1024, 100 * 1024 * 1024),
    importLimitBytes: integer('IMPORT_LIMIT_BYTES', 1024, 500 * 1024 * 1024),
    documentLimitBytes: integer('DOCUMENT_LIMIT_BYTES', 1024, 500 * 1024 * 1024),
    spreadsheetLimits: {
      maxInflatedBytes: integer('IMPORT_MAX_INFLATED_BYTES', 1024, 2 * 1024 * 1024 * 1024),
      maxCells: integer('IMPORT_MAX_CELLS', 1, 100_000_000),
      maxColumns: integer('IMPORT_MAX_COLUMNS', 1, 16_384),
    },
    logLevel: logLevel as LogLevel,
    shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', 0, 10 * 60 * 1000),
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', 1000, 60 * 60 * 1000),
    bootstrapAdmin: { email, token, password: password === '' ? undefined : password },
    passwordHashCost: integer('PASSWORD_HASH_COST', 10, 20),
    apiTokenMaxDays: integer('API_TOKEN_MAX_DAYS', 1, 3660),
    // A number trusts only that many hops from the right of X-Forwarded-For: a client cannot forge its address past them.
    trustProxy: trustProxy === 'true' ? true : trustProxy === 'false' ? false : Number(trustProxy),
    chromiumPath: resolve(read('CHROMIUM_PATH') ?? CONFIG_VARIABLES.CHROMIUM_PATH.default),
    decisionBoardPack: decisionBoardPackOf(read('DECISION_BOARD_PACK') ?? CONFIG_VARIABLES.DECISION_BOARD_PACK.default),
    witnesses,
    digestIntervalMinutes: integer('DIGEST_INTERVAL_MINUTES', 0, 7 * 24 * 60),
    reminders: remindersConfig(read, dataDir, integer('REMINDERS_EVERY_MINUTES', 0, 7 * 24 * 60)),
  };
}

const EMAIL = /^[^\s@,<>]+@[^\s@,<>]+$/;

function remindersConfig(read: (name: keyof typeof CONFIG_VARIABLES) => string | undefined, dataDir: string, everyMinutes: number): Config['reminders'] {
  const from = read('REMINDERS_FROM') ?? CONFIG_VARIABLES.REMINDERS_FROM.default;
  if (!EMAIL.test(from)) throw new ConfigError('REMINDERS_FROM', 'must be an email address', from);
  const publicUrl = (read('PUBLIC_URL') ?? CONFIG_VARIABLES.PUBLIC_URL.default).replace(/\/+$/, '');
  if (!isUrl(publicUrl, ['http:', 'https:'])) throw new ConfigError('PUBLIC_URL', 'must be an http:// or https:// address', publicUrl);
  const smtpUrl = read('SMTP_URL');
  return { ...(smtpUrl === undefined ? {} : { smtpUrl }), from, publicUrl, everyMinutes, outboxFile: resolve(read('REMINDERS_OUTBOX_FILE') ?? join(dataDir, 'reminders.sqlite')) };
}

/** The witnesses' settings; a URL is echoed in an error only with its password hidden. */
function witnessConfig(read: (name: keyof typeof CONFIG_VARIABLES) => string | undefined, dataDir: string): WitnessConfig {
  const outboxFile = resolve(read('WITNESS_OUTBOX_FILE') ?? join(dataDir, 'witness-outbox.sqlite'));
  const toList = read('WITNESS_EMAIL_TO');
  const smtpUrl = read('SMTP_URL');
  const from = read('WITNESS_EMAIL_FROM') ?? CONFIG_VARIABLES.WITNESS_EMAIL_FROM.default;
  let email: WitnessConfig['email'];
  if (smtpUrl !== undefined && !isUrl(smtpUrl, ['smtp:', 'smtps:'])) {
    throw new ConfigError('SMTP_URL', 'must be smtp://[user:password@]host[:port] or smtps://…', withoutPassword(smtpUrl));
  }
  if (toList !== undefined) {
    const to = toList.split(',').map((address) => address.trim());
    const bad = to.find((address) => !EMAIL.test(address));
    if (bad !== undefined) throw new ConfigError('WITNESS_EMAIL_TO', 'must be email addresses separated by commas', bad);
    if (!EMAIL.test(from)) throw new ConfigError('WITNESS_EMAIL_FROM', 'must be an email address', from);
    if (smtpUrl === undefined) throw new ConfigError('SMTP_URL', 'must be set when WITNESS_EMAIL_TO is, to name the mail server that sends the digests', '');
    email = { to, from, smtpUrl };
  }
  const webhookUrl = read('WITNESS_WEBHOOK_URL');
  const secret = read('WITNESS_WEBHOOK_SECRET');
  if (webhookUrl !== undefined && !isUrl(webhookUrl, ['http:', 'https:'])) {
    throw new ConfigError('WITNESS_WEBHOOK_URL', 'must be an http:// or https:// address', withoutPassword(webhookUrl));
  }
  if (secret !== undefined && secret.length < 16) throw new ConfigError('WITNESS_WEBHOOK_SECRET', 'must be at least 16 characters', '(hidden)');
  if (secret !== undefined && webhookUrl === undefined) throw new ConfigError('WITNESS_WEBHOOK_SECRET', 'is set but WITNESS_WEBHOOK_URL is not', '(hidden)');
  const webhook = webhookUrl === undefined ? undefined : { url: webhookUrl, ...(secret === undefined ? {} : { secret }) };
  return { ...(email ? { email } : {}), ...(webhook ? { webhook } : {}), outboxFile };
}

function isUrl(value: string, protocols: string[]): boolean {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A URL as it may be shown or logged: any password replaced by ***. */
/**
 * A connection string as it may be shown: the user name and password hidden. EventStoreDB's may
 * name several hosts (`esdb+discover://admin:pw@node1:2113,node2:2113`), which a URL cannot parse,
 * and a password may hold `:` or `@`, so everything between the scheme and the last `@` goes.
 */
export function withoutCredentials(value: string): string {
  const at = value.split('?')[0].lastIndexOf('@');
  if (at < 0) return value;
  const scheme = /^[a-z][a-z0-9+.-]*:\/*/i.exec(value)?.[0] ?? '';
  return `${scheme}***${value.slice(at)}`;
}

export function withoutPassword(value: string): string {
  try {
    const url = new URL(value);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return value.replace(/:[^:@/]*@/, ':***@');
  }
}

function decisionBoardPackOf(value: string): 'pdf' | 'html' {
  if (value !== 'pdf' && value !== 'html') throw new ConfigError('DECISION_BOARD_PACK', 'must be pdf or html', value);
  return value;
}
