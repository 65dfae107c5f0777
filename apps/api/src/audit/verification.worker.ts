import Database from 'better-sqlite3';
import { createPublicKey } from 'node:crypto';
import { ChainVerifier, SignedDigest, TrustedKey, VerificationResult } from '@tracker/audit';
import { programmeStreamPrefix, programmeOfStream } from '@tracker/domain';
import { SqliteEventReader } from '@tracker/event-store';
import { AuditChain } from '@tracker/read-models';

/** What a worker thread needs to verify a programme on its own connections: plain data only. */
export interface VerificationTask {
  readonly eventStoreFile: string;
  readonly readStoreFile: string;
  readonly programmeId: string;
  readonly digests: readonly SignedDigest[];
  readonly publicKeys: readonly { readonly pem: string; readonly fingerprint: string; readonly retiredAt?: string }[];
}

/**
 * Recomputes a programme's chain in a worker thread (piscina), from its own read-only connections to
 * the event store and the read store: the hashing of a long history runs beside the event loop, not
 * on it, and two programmes are verified at once on two cores. Exactly what ChainVerification does
 * in process; this is what it runs when the store is the embedded one.
 */
export default function verifyProgramme(task: VerificationTask): VerificationResult {
  const events = new SqliteEventReader(task.eventStoreFile);
  const readStore = new Database(task.readStoreFile, { readonly: true, fileMustExist: true });
  try {
    const publicKeys: TrustedKey[] = task.publicKeys.map(({ pem, fingerprint, retiredAt }) => ({ key: createPublicKey(pem), fingerprint, ...(retiredAt === undefined ? {} : { retiredAt }) }));
    const verifier = new ChainVerifier({ recordedChain: new AuditChain(readStore).links(task.programmeId), digests: task.digests, publicKeys });
    for (const event of events.readPrefix(programmeStreamPrefix(task.programmeId))) {
      if (programmeOfStream(event.streamId) === task.programmeId) verifier.add(event);
    }
    return verifier.result();
  } finally {
    events.close();
    readStore.close();
  }
}
