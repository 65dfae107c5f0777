import { assertNever, Command, Decider, DomainEvent, upcasting } from '../decider';

/**
 * A signed digest of a programme's hash chain. It is kept in a stream of its own, outside the
 * programme's chain it vouches for, so taking one does not move the head it signs.
 */
export interface DigestRecord {
  readonly programmeId: string;
  readonly position: number;
  readonly eventCount: number;
  readonly headHash: string;
  readonly takenAt: string;
  readonly reason?: string;
  readonly keyFingerprint?: string;
  readonly signature: string;
}

export type RecordDigest = Command<'RecordDigest', { readonly digest: DigestRecord }>;
export type DigestRecorded = DomainEvent<'DigestRecorded', { readonly digest: DigestRecord }>;

export const digestsDecider: Decider<{ readonly count: number }, RecordDigest, DigestRecorded> = upcasting<{ readonly count: number }, RecordDigest, DigestRecorded>({
  initialState: () => ({ count: 0 }),
  decide(command) {
    switch (command.type) {
      case 'RecordDigest':
        return [{ type: 'DigestRecorded', data: { digest: command.data.digest } }];
      default:
        return assertNever(command.type);
    }
  },
  evolve: (state) => ({ count: state.count + 1 }),
  schemaVersions: { DigestRecorded: 1 },
});
