import { Inject, Injectable } from '@nestjs/common';
import { KeyObject, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import { generateSigningKeys, keyFingerprint, loadPrivateKey } from '@tracker/audit';
import { Config } from '../config/config';
import { CONFIG, LOGGER } from '../infrastructure/tokens';

/** The server's Ed25519 key pair: the private half signs digests, the public half lets anyone check them. */
@Injectable()
export class SigningKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
  /** keyFingerprint of the pair: printed on every digest, board pack and witness message. */
  readonly fingerprint: string;

  constructor(@Inject(CONFIG) config: Config, @Inject(LOGGER) logger: Logger) {
    if (!existsSync(config.signingKeyFile)) {
      mkdirSync(dirname(config.signingKeyFile), { recursive: true, mode: 0o700 });
      // Only the owner may read it: whoever holds it can sign digests in the server's name.
      writeFileSync(config.signingKeyFile, generateSigningKeys().privateKeyPem, { mode: 0o600, flag: 'wx' });
      logger.warn({ file: config.signingKeyFile }, 'made a new signing key for digests; back it up and keep it secret');
    }
    this.privateKey = loadPrivateKey(readFileSync(config.signingKeyFile, 'utf8'));
    this.publicKey = createPublicKey(this.privateKey);
    this.publicKeyPem = this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.fingerprint = keyFingerprint(this.publicKey);
  }
}
