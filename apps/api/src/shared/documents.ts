import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Config } from '../config/config';
import { CONFIG } from '../infrastructure/tokens';

/** What a stored document is known by: its SHA-256, which is also its name on disk. */
export interface StoredDocument {
  readonly sha256: string;
  readonly bytes: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Documents kept beside the history (board packs as tabled, evidence uploaded with a step), stored
 * by the SHA-256 of their bytes under DATA_DIR/documents. The event records the hash, so a file
 * that has been altered no longer matches what the history says was kept, and is refused on read.
 * Written to a temporary name, flushed and renamed, so a crash leaves the whole file or none.
 */
@Injectable()
export class Documents {
  readonly folder: string;

  constructor(@Inject(CONFIG) config: Config) {
    this.folder = join(config.dataDir, 'documents');
  }

  /** Stores the bytes (once: the same bytes again are the same document) and answers their hash. */
  put(bytes: Buffer): StoredDocument {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const file = this.fileOf(sha256);
    if (!existsSync(file)) {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      const temporary = join(this.folder, `.${sha256}.${randomUUID()}.partial`);
      const fd = openSync(temporary, 'wx', 0o600);
      try {
        for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, file);
      const folder = openSync(this.folder, 'r');
      try {
        fsyncSync(folder);
      } finally {
        closeSync(folder);
      }
    }
    return { sha256, bytes: bytes.length };
  }

  /** The document's bytes; undefined when it is not here or no longer matches its hash. */
  get(sha256: string): Buffer | undefined {
    if (!SHA256.test(sha256)) return undefined;
    const file = this.fileOf(sha256);
    if (!existsSync(file)) return undefined;
    const bytes = readFileSync(file);
    return createHash('sha256').update(bytes).digest('hex') === sha256 ? bytes : undefined;
  }

  has(sha256: string): boolean {
    return SHA256.test(sha256) && existsSync(this.fileOf(sha256));
  }

  /** How many bytes the stored document holds; undefined when it is not here. */
  size(sha256: string): number | undefined {
    return this.has(sha256) ? statSync(this.fileOf(sha256)).size : undefined;
  }

  /** For tests and restore only: the history still names the hash, so a removed document reads as missing. */
  remove(sha256: string): void {
    if (SHA256.test(sha256)) rmSync(this.fileOf(sha256), { force: true });
  }

  private fileOf(sha256: string): string {
    return join(this.folder, sha256);
  }
}
