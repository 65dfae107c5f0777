import type { KeyObject } from 'node:crypto';
import type { StoredEvent } from '@tracker/event-store';
import { SignedDigest, verifyDigest } from './digest';
import { ChainEntry, GENESIS, entryHash } from './hash-chain';

/** What the events are checked against. Give either or both. */
export interface ExpectedHistory {
  /**
   * The chain as recorded earlier (e.g. kept beside the store as events were appended), in position
   * order. Events after its last entry are taken as appended since, not as inserted.
   */
  readonly recordedChain?: Iterable<ChainEntry>;
  /** Signed digests of this programme's chain; each is checked when the events pass its position. */
  readonly digests?: readonly SignedDigest[];
  /** The key the digests were signed with; required when digests are given. */
  readonly publicKey?: KeyObject;
}

export interface VerificationResult {
  /** True when nothing given contradicts the events. */
  readonly valid: boolean;
  /** How many events were read. */
  readonly events: number;
  /** The chain head over the events in the order given (GENESIS for none). */
  readonly headHash: string;
  /** The first event found altered, removed or inserted, where one event can be named. */
  readonly firstBadPosition?: number;
  /** The first problem found, in words an auditor can act on. */
  readonly problem?: string;
  /**
   * The highest position covered by a digest whose signature and chain head both checked out.
   * Events after it are vouched for by no signature: only by the recorded chain, if one was given.
   */
  readonly signedUpTo?: number;
}

export function verifyChain(events: Iterable<StoredEvent>, expected: ExpectedHistory): VerificationResult {
  const verifier = new ChainVerifier(expected);
  for (const event of events) verifier.add(event);
  return verifier.result();
}

interface Problem {
  readonly position?: number;
  readonly text: string;
}

interface Seen {
  readonly position: number;
  readonly label: string;
}

/**
 * verifyChain one event at a time, for callers reading from an async source such as the store's
 * readAll: it holds the head and a little state, never the events. It stops judging at the first
 * problem, since everything after a break differs anyway, but keeps counting and chaining.
 */
export class ChainVerifier {
  private readonly digests: SignedDigest[];
  private readonly publicKey?: KeyObject;
  private readonly recorded?: Iterator<ChainEntry>;
  private pending?: ChainEntry;
  private lastRecordedPosition?: number;
  private nextDigest = 0;
  private head = GENESIS;
  private headBeforeLast = GENESIS;
  private count = 0;
  private last?: Seen;
  private signedUpTo?: number;
  private problem?: Problem;
  private finished?: VerificationResult;

  constructor(expected: ExpectedHistory) {
    this.digests = [...(expected.digests ?? [])].sort((a, b) => a.position - b.position);
    if (this.digests.length > 0 && !expected.publicKey) throw new Error('verifyChain: digests were given without the public key to check them');
    this.publicKey = expected.publicKey;
    this.recorded = expected.recordedChain?.[Symbol.iterator]();
    this.problem = this.digestsDisagree();
  }

  add(event: StoredEvent): void {
    if (this.finished) throw new Error('ChainVerifier: add() after result()');
    const hash = entryHash(this.head, event);
    // Judged against the state before this event: digests before it signed that head and count.
    this.problem ??= this.judge(() => this.outOfOrder(event) ?? this.removedBefore(event.position) ?? this.digestsBefore(event.position) ?? this.matchRecorded(event, hash));
    this.headBeforeLast = this.head;
    this.head = hash;
    this.count += 1;
    this.last = { position: event.position, label: `${event.type} on ${event.streamId}` };
  }

  /** Ends the run: recorded entries and digests beyond the last event are checked now. */
  result(): VerificationResult {
    this.finished ??= this.finish();
    return this.finished;
  }

  private finish(): VerificationResult {
    const problem = this.problem ?? this.judge(() => this.removedBefore(Infinity) ?? this.digestsBefore(Infinity));
    return {
      valid: problem === undefined,
      events: this.count,
      headHash: this.head,
      ...(problem?.position === undefined ? {} : { firstBadPosition: problem.position }),
      ...(problem === undefined ? {} : { problem: problem.text }),
      ...(this.signedUpTo === undefined ? {} : { signedUpTo: this.signedUpTo }),
    };
  }

  private judge(checks: () => Problem | undefined): Problem | undefined {
    try {
      return checks();
    } catch (error) {
      if (error instanceof UnreliableRecordedChain) return { text: error.message };
      throw error;
    }
  }

  private digestsDisagree(): Problem | undefined {
    const programmes = [...new Set(this.digests.map((digest) => digest.programmeId))];
    if (programmes.length <= 1) return undefined;
    return { text: `the digests given are for different programmes (${programmes.join(', ')}): give the digests of one programme only` };
  }

  private outOfOrder(event: StoredEvent): Problem | undefined {
    const last = this.last;
    if (last === undefined || event.position > last.position) return undefined;
    const what = `event at position ${event.position} (${event.type} on ${event.streamId})`;
    const text =
      event.position === last.position
        ? `${what} appears a second time: the second copy was inserted`
        : `${what} comes after position ${last.position}: the events are not in recorded order, so one was moved or inserted`;
    return { position: event.position, text };
  }

  /** A recorded entry before this position that no event matched: that event was removed. */
  private removedBefore(position: number): Problem | undefined {
    const entry = this.peekRecorded();
    if (entry === undefined || entry.position >= position) return undefined;
    return {
      position: entry.position,
      text: `event at position ${entry.position} (recorded as event ${entry.eventId}) is missing: it was removed after it was recorded`,
    };
  }

  /** Digests that end before this position signed the head and count as they are now. */
  private digestsBefore(position: number): Problem | undefined {
    for (; this.nextDigest < this.digests.length && this.digests[this.nextDigest].position < position; this.nextDigest++) {
      const digest = this.digests[this.nextDigest];
      const problem = this.checkDigest(digest);
      if (problem) return problem;
      this.signedUpTo = digest.position;
    }
    return undefined;
  }

  private checkDigest(digest: SignedDigest): Problem | undefined {
    const which = `the digest at position ${digest.position} (taken ${digest.takenAt})`;
    if (!verifyDigest(digest, this.publicKey as KeyObject)) {
      return { text: `${which} is not genuine: its signature does not match the public key given, so it was changed after it was signed or signed with another key` };
    }
    if (digest.eventCount !== this.count) {
      return {
        text: `${which} vouches for ${digest.eventCount} events up to that position, but ${this.count} were given: events at or before position ${digest.position} were removed or inserted after it was signed`,
      };
    }
    if (digest.headHash !== this.head) {
      return { text: `events at or before position ${digest.position} do not match ${which}: at least one of them was altered after it was signed` };
    }
    return undefined;
  }

  private matchRecorded(event: StoredEvent, hash: string): Problem | undefined {
    const entry = this.peekRecorded();
    if (entry === undefined) return undefined; // past the end of the recorded chain: appended since
    const what = `event at position ${event.position} (${event.type} on ${event.streamId})`;
    if (entry.position > event.position) return { position: event.position, text: `${what} is not in the recorded chain: it was inserted after the chain was recorded` };
    this.pending = undefined;
    if (entry.previousHash !== undefined && entry.previousHash !== this.head) return this.brokenLink(entry, event);
    if (entry.eventId !== event.eventId) {
      return { position: event.position, text: `${what} was altered after it was recorded: the chain recorded event ${entry.eventId} there, but this is event ${event.eventId}` };
    }
    if (entry.hash !== hash) return { position: event.position, text: `${what} was altered after it was recorded: it no longer matches the recorded chain` };
    return undefined;
  }

  /**
   * The recorded entry was chained onto something other than the event before it. That only happens
   * when the recorded chain lost entries too (as an export can, line and hash together), so say what
   * can be known: exactly which event was inserted, or between which two something is missing.
   */
  private brokenLink(entry: ChainEntry, event: StoredEvent): Problem {
    const last = this.last;
    if (last !== undefined && entry.previousHash === this.headBeforeLast) {
      return { position: last.position, text: `event at position ${last.position} (${last.label}) was inserted: the recorded chain goes straight from the event before it to position ${event.position}` };
    }
    if (last === undefined) {
      return { text: `the recorded chain at position ${event.position} does not follow on from the start: an event recorded before it was removed` };
    }
    return {
      text: `the recorded chain breaks between position ${last.position} and position ${event.position}: an event recorded between them was removed, or the event at position ${last.position} was altered together with its recorded hash`,
    };
  }

  /** The next recorded entry no event has matched yet. */
  private peekRecorded(): ChainEntry | undefined {
    if (this.pending !== undefined || this.recorded === undefined) return this.pending;
    const next = this.recorded.next();
    if (next.done) return undefined;
    const entry = next.value;
    if (this.lastRecordedPosition !== undefined && entry.position <= this.lastRecordedPosition) throw new UnreliableRecordedChain(entry.position);
    this.lastRecordedPosition = entry.position;
    this.pending = entry;
    return entry;
  }
}

class UnreliableRecordedChain extends Error {
  constructor(position: number) {
    super(`the recorded chain itself is out of order at position ${position}, so it cannot be relied on`);
  }
}
