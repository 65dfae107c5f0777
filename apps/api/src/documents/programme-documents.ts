import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IllegalStateError, NotFoundError } from '@tracker/domain';
import { Config } from '../config/config';
import { CONFIG } from '../infrastructure/tokens';
import { Documents, StoredDocument } from '../shared/documents';

/** What is known of a document uploaded to a programme, besides its bytes. */
export interface DocumentRecord extends StoredDocument {
  /** The name it is downloaded under: the one given with the upload, else its hash. */
  readonly filename: string;
  /** Worked out from the bytes, never taken from the uploader: a PDF or an image, else a plain download. */
  readonly contentType: string;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
}

/** The stored bytes no longer match the SHA-256 they are known by: altered since they were uploaded. */
export class DocumentAlteredError extends IllegalStateError {
  override readonly code = 'DOCUMENT_ALTERED';

  constructor(sha256: string) {
    super(`The stored document ${sha256} no longer matches its SHA-256: it has been altered since it was uploaded, so it is not served. Restore it from a backup`);
    this.name = 'DocumentAlteredError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const SAFE_ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * Documents uploaded to a programme: the bytes in the shared content-addressed store, and for
 * each programme a record that it was uploaded there (DATA_DIR/document-records/<programme>/<hash>.json).
 * The same bytes uploaded to two programmes are stored once; each programme's members reach them
 * only through their own programme, so knowing a hash gives nobody else the document.
 */
@Injectable()
export class ProgrammeDocuments {
  private readonly folder: string;

  constructor(
    private readonly documents: Documents,
    @Inject(CONFIG) config: Config,
  ) {
    this.folder = join(config.dataDir, 'document-records');
  }

  upload(programmeId: string, bytes: Buffer, name: string | undefined, uploadedBy: string, now: string): DocumentRecord {
    const stored = this.documents.put(bytes);
    const file = this.recordFile(programmeId, stored.sha256);
    const earlier = this.read(file);
    if (earlier) return earlier;
    const contentType = contentTypeOf(bytes);
    const record: DocumentRecord = { ...stored, filename: filenameOf(name, stored.sha256, contentType), contentType, uploadedAt: now, uploadedBy };
    const folder = join(this.folder, programmeId);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    // Flushed before and after the rename, as the document itself is: a crash leaves the whole record or none.
    const temporary = join(folder, `.${stored.sha256}.${randomUUID()}.partial`);
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeFileSync(fd, JSON.stringify(record));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
    const directory = openSync(folder, 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
    return record;
  }

  /** The record of a document uploaded to this programme; 404 for any other, whoever holds its hash. */
  record(programmeId: string, sha256: string): DocumentRecord {
    const record = SHA256.test(sha256) ? this.read(this.recordFile(programmeId, sha256)) : undefined;
    if (record === undefined) throw new NotFoundError('document uploaded to this programme', sha256);
    return record;
  }

  /** The document's bytes, checked against their hash as they are read; an altered file is refused. */
  download(programmeId: string, sha256: string): { record: DocumentRecord; bytes: Buffer } {
    const record = this.record(programmeId, sha256);
    const bytes = this.documents.get(sha256);
    if (bytes !== undefined) return { record, bytes };
    if (this.documents.has(sha256)) throw new DocumentAlteredError(sha256);
    throw new NotFoundError('document kept for this programme (its file is missing from the data folder; restore it from a backup)', sha256);
  }

  /** Whether the programme holds the document: the item page links to it only then. */
  holds(programmeId: string, sha256: string): boolean {
    return SHA256.test(sha256) && SAFE_ID.test(programmeId) && this.read(join(this.folder, programmeId, `${sha256}.json`)) !== undefined;
  }

  private recordFile(programmeId: string, sha256: string): string {
    if (!SAFE_ID.test(programmeId)) throw new NotFoundError('programme', programmeId);
    return join(this.folder, programmeId, `${sha256}.json`);
  }

  /** A record that cannot be read (damaged on disk) reads as none: uploading the document again writes it anew. */
  private read(file: string): DocumentRecord | undefined {
    if (!existsSync(file)) return undefined;
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as DocumentRecord;
      if (typeof record !== 'object' || record === null || typeof record.sha256 !== 'string' || typeof record.filename !== 'string') return undefined;
      // Served in headers: whatever the file on disk says, only a safe name and one of the types worked out from bytes.
      const contentType = Object.hasOwn(EXTENSIONS, record.contentType) ? record.contentType : 'application/octet-stream';
      return { ...record, filename: filenameOf(record.filename, record.sha256, contentType), contentType };
    } catch {
      return undefined;
    }
  }
}

/** From the first bytes: uploaded HTML, SVG or script is never given a type a browser would run. */
export function contentTypeOf(bytes: Buffer): string {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  return 'application/octet-stream';
}

const EXTENSIONS: Record<string, string> = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg' };

/** A name safe in a Content-Disposition header: letters, digits, dot, dash, underscore and space only. */
function filenameOf(name: string | undefined, sha256: string, contentType: string): string {
  const cleaned = (name ?? '').replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^[. ]+/, '').slice(0, 100).trim();
  return cleaned === '' ? `${sha256}${EXTENSIONS[contentType] ?? ''}` : cleaned;
}
