import type { KeyObject } from 'node:crypto';
import type { StoredEvent } from '@tracker/event-store';
import { SignedDigest, keyFingerprint, verifyDigest } from './digest';
import { ChainEntry, GENESIS, entryHash } from './hash-chain';
import type { TrustedKey } from './key-rotation';

/** What the events are checked against. Give either or both. */
export interface ExpectedHistory {
  /**
   * The chain as recorded earlier (e.g. kept beside the store as events were appended), in position
   * order. Events after its last entry are taken as appended since, not as inserted.
   */
  readonly recordedChain?: Iterable<ChainEntry>;
  /** Signed digests of this programme's chain; each is checked when the events pass its position. */
  readonly digests?: readonly SignedDigest[];
  /** The key the digests were signed with; this or publicKeys is required when digests are given. */
  readonly publicKey?: KeyObject;
  /**
   * Every key trusted to have signed digests, e.g. the auditor's key and the keys recorded rotations
   * handed over to (followRotations). A digest is checked with the key its keyFingerprint names.
   */
  readonly publicKeys?: readonly TrustedKey[];
}

/** A digest whose signature and chain head both checked out, and the key that signed it. */
export interface CheckedDigest {
  readonly position: number;
  readonly eventCount: number;
  readonly headHash: string;
  readonly takenAt: string;
  readonly reason?: string;
  /** keyFingerprint of the key its signature checked with (not merely the one it names). */
  readonly keyFingerprint: string;
}

/**
 * How much of the history a signature vouches for. Only events at or before the newest digest that
 * checked out are vouched for; the rest rest on the server's own word, however consistent they look.
 */
export interface Coverage {
  /** The newest digest that checked out, if any did. */
  readonly digest?: CheckedDigest;
  /** Events at or before that digest's position (its event count), 0 when none checked out. */
  readonly covered: number;
  /** Events after it: covered by no digest. */
  readonly uncovered: number;
  /** All of the above in one sentence, to show as it is. */
  readonly statement: string;
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
  /** What the digests vouch for, in numbers and in words; never "intact" of events no digest covers. */
  readonly coverage: Coverage;
  /** Every digest that checked out, oldest first, each with the key that signed it. */
  readonly digestsChecked: readonly CheckedDigest[];
  /**
   * When a digest is contradicted but no single event can be named: the changed, removed or inserted
   * events lie after position `after` (0: from the start) and at or before position `upTo`.
   */
  readonly changedBetween?: { readonly after: number; readonly upTo: number };
}

export function coverageOf(events: number, digest: CheckedDigest | undefined): Coverage {
  const covered = digest?.eventCount ?? 0;
  const uncovered = Math.max(0, events - covered);
  return { ...(digest === undefined ? {} : { digest }), covered, uncovered, statement: coverageStatement(events, digest) };
}

const eventsWord = (n: number) => `${n.toLocaleString('en-GB')} event${n === 1 ? '' : 's'}`;

function coverageStatement(events: number, digest: CheckedDigest | undefined): string {
  if (digest === undefined) {
    if (events === 0) return 'No events were given, and no signed digest covers any.';
    return `No signed digest covers any of these ${eventsWord(events)}: nothing but the server’s own records vouches for them.`;
  }
  const later = events - digest.eventCount;
  const which = `the signed digest of ${digest.takenAt}${digest.reason ? ` (${digest.reason})` : ''}, signed by key ${digest.keyFingerprint}`;
  const tail =
    later <= 0
      ? 'there are no later events, so every event given is covered'
      : `${later.toLocaleString('en-GB')} later event${later === 1 ? ' is' : 's are'} not covered by any digest`;
  return `Events up to position ${digest.position} (${eventsWord(digest.eventCount)}) match ${which}; ${tail}.`;
}

export function verifyChain(events: Iterable<StoredEvent>, expected: ExpectedHistory): VerificationResult {
  const verifier = new ChainVerifier(expected);
  for (const event of events) verifier.add(event);
  return verifier.result();
}

interface Problem {
  readonly position?: number;
  readonly text: string;
  readonly between?: { readonly after: number; readonly upTo: number };
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
  private readonly keys: readonly TrustedKey[];
  private readonly recorded?: Iterator<ChainEntry>;
  private pending?: ChainEntry;
  private lastRecordedPosition?: number;
  private nextDigest = 0;
  private head = GENESIS;
  private headBeforeLast = GENESIS;
  private count = 0;
  private last?: Seen;
  private signedUpTo?: number;
  private readonly checked: CheckedDigest[] = [];
  private problem?: Problem;
  private finished?: VerificationResult;

  constructor(expected: ExpectedHistory) {
    this.digests = [...(expected.digests ?? [])].sort((a, b) => a.position - b.position);
    const keys = [...(expected.publicKeys ?? []), ...(expected.publicKey ? [{ key: expected.publicKey, fingerprint: keyFingerprint(expected.publicKey) }] : [])];
    if (this.digests.length > 0 && keys.length === 0) throw new Error('verifyChain: digests were given without the public key to check them');
    this.keys = keys;
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
      coverage: coverageOf(this.count, this.checked[this.checked.length - 1]),
      digestsChecked: this.checked,
      ...(problem?.between === undefined ? {} : { changedBetween: problem.between }),
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
      const checked = this.checkDigest(digest);
      if ('text' in checked) return checked;
      this.signedUpTo = digest.position;
      this.checked.push(checked);
    }
    return undefined;
  }

  private checkDigest(digest: SignedDigest): Problem | CheckedDigest {
    const which = `the digest at position ${digest.position} (taken ${digest.takenAt})`;
    const key = this.keyFor(digest);
    if (key === undefined) {
      const named = digest.keyFingerprint && !this.keys.some((k) => k.fingerprint === digest.keyFingerprint);
      return {
        text: named
          ? `${which} is not genuine: it names key ${digest.keyFingerprint}, which is not the key given nor one a valid recorded rotation handed over to, so it was signed with another key`
          : `${which} is not genuine: its signature does not match the public key given, so it was changed after it was signed or signed with another key`,
      };
    }
    if (key.retiredAt !== undefined && Date.parse(digest.takenAt) > Date.parse(key.retiredAt)) {
      return { text: `${which} is not genuine: it was signed by key ${key.fingerprint} after that key was retired by the rotation of ${key.retiredAt}` };
    }
    // Where the change lies: after the newest digest that still matched, at or before this one.
    const after = this.checked.filter((checked) => checked.position < digest.position).pop();
    const between = { after: after?.position ?? 0, upTo: digest.position };
    const since = after === undefined ? 'from the first event' : `after position ${after.position} (up to which the digest of ${after.takenAt} still matches)`;
    if (digest.eventCount !== this.count) {
      const fewer = this.count < digest.eventCount;
      return {
        between,
        text: `${which} vouches for ${digest.eventCount} events up to that position, but ${this.count} were given: ${fewer ? `${digest.eventCount - this.count} events` : 'events'} ${since} and at or before position ${digest.position} were ${fewer ? 'removed' : 'removed or inserted'} after it was signed`,
      };
    }
    if (digest.headHash !== this.head) {
      return { between, text: `events at or before position ${digest.position} do not match ${which}: at least one event ${since} and at or before position ${digest.position} was altered after it was signed` };
    }
    return {
      position: digest.position,
      eventCount: digest.eventCount,
      headHash: digest.headHash,
      takenAt: digest.takenAt,
      ...(digest.reason === undefined ? {} : { reason: digest.reason }),
      keyFingerprint: key.fingerprint,
    };
  }

  /** The trusted key whose signature this digest carries: the one it names, or any that checks. */
  private keyFor(digest: SignedDigest): TrustedKey | undefined {
    const candidates = digest.keyFingerprint === undefined ? this.keys : this.keys.filter((k) => k.fingerprint === digest.keyFingerprint);
    return candidates.find((k) => verifyDigest(digest, k.key));
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
