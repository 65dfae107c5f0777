import { Inject, Injectable } from '@nestjs/common';
import { KeyObject, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Logger } from 'pino';
import { generateSigningKeys, keyFingerprint, loadPrivateKey } from '@tracker/audit';
import { Config } from '../config/config';
import { CONFIG, LOGGER } from '../infrastructure/tokens';

/** Start-up stops here: the key is not where it should be, or not the key that should sign. */
export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

/** Where the key lived before it was kept apart from the data folder. */
export const oldKeyFile = (config: Config) => join(config.dataDir, 'signing-key.pem');

const inside = (file: string, folder: string) => {
  const path = relative(resolve(folder), resolve(file));
  return path !== '' && !path.startsWith(`..${sep}`) && path !== '..';
};

/**
 * Refuses to make a new key when an install's key is still at the old place in the data folder:
 * a new key would sign nothing the old digests can be checked with, and the pinning check would
 * refuse it anyway. Stopping with the command to move the key is a one-time step that ends with the
 * key where an insider with the data folder cannot reach it; carrying on with a warning would leave
 * it there for good in installs nobody reads the logs of.
 */
export function checkKeyPlace(config: Config, logger: Pick<Logger, 'warn'>): void {
  const refusal = misplacedKey(config);
  if (refusal !== undefined) throw new SigningKeyError(refusal);
  warnIfInsideDataFolder(config, logger);
}

/** Why start-up must stop because the key is still at the old place, or undefined. */
export function misplacedKey(config: Config): string | undefined {
  const old = oldKeyFile(config);
  if (!existsSync(config.signingKeyFile) && resolve(config.signingKeyFile) !== resolve(old) && existsSync(old)) {
    return (
      `The signing key is still in the data folder (${old}), where whoever can rewrite the events could also re-sign them. ` +
        `Move it out, with the server stopped: mkdir -p ${dirname(config.signingKeyFile)} && chmod 700 ${dirname(config.signingKeyFile)} && mv ${old} ${config.signingKeyFile} ` +
        `(or set SIGNING_KEY_FILE to where you moved it). To keep it where it is, knowingly, set SIGNING_KEY_FILE=${old}. No new key was made.`
    );
  }
  return undefined;
}

function warnIfInsideDataFolder(config: Config, logger: Pick<Logger, 'warn'>): void {
  if (inside(config.signingKeyFile, config.dataDir)) {
    logger.warn(
      { file: config.signingKeyFile, dataDir: config.dataDir },
      'THE SIGNING KEY IS INSIDE THE DATA FOLDER: whoever can write the data folder can re-sign every digest. Move it out (see SIGNING_KEY_FILE in the README).',
    );
  }
}

/** The server's Ed25519 key pair: the private half signs digests, the public half lets anyone check them. */
@Injectable()
export class SigningKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  /** keyFingerprint of the pair: printed on every digest, board pack and witness message. */
  readonly fingerprint: string;

  /** Set when start-up must stop because the key is still at its old place (KeyPinning stops it). */
  readonly refusal?: string;

  constructor(@Inject(CONFIG) config: Config, @Inject(LOGGER) logger: Logger) {
    // Refused in KeyPinning's start-up check rather than here, so the message reaches whoever started it;
    // meanwhile the old key is only read, and no new key is made.
    this.refusal = misplacedKey(config);
    const file = this.refusal === undefined ? config.signingKeyFile : oldKeyFile(config);
    if (this.refusal === undefined) warnIfInsideDataFolder(config, logger);
    if (!existsSync(file)) {
      mkdirSync(dirname(config.signingKeyFile), { recursive: true, mode: 0o700 });
      try {
        // Only the owner may read it: whoever holds it can sign digests in the server's name.
        writeFileSync(config.signingKeyFile, generateSigningKeys().privateKeyPem, { mode: 0o600, flag: 'wx' });
        logger.warn({ file: config.signingKeyFile }, 'made a new signing key for digests; back it up, keep it secret, and give auditors its fingerprint');
      } catch (error) {
        // Another process made it first: use theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    this.privateKey = loadPrivateKey(readFileSync(file, 'utf8'));
    this.publicKey = createPublicKey(this.privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.fingerprint = keyFingerprint(this.publicKey);
  }
}
