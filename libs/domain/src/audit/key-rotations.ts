import { assertNever, Command, Decider, DomainEvent, upcasting } from '../decider';
import { IllegalStateError, InvalidCommandError } from '../errors';

/**
 * A change of the key that signs digests, signed by the old key (checked by whoever records it and by
 * every verifier: the domain does no cryptography). Kept in one stream for the whole store, so the
 * keys follow one another in a single line.
 */
export interface KeyRotationRecord {
  readonly fromFingerprint: string;
  readonly fromPublicKeyPem: string;
  readonly toFingerprint: string;
  readonly toPublicKeyPem: string;
  readonly rotatedAt: string;
  readonly signature: string;
}

export type RecordKeyRotation = Command<'RecordKeyRotation', { readonly rotation: KeyRotationRecord }>;
export type SigningKeyRotated = DomainEvent<'SigningKeyRotated', KeyRotationRecord>;

export interface KeyRotationsState {
  /** The key the newest rotation handed over to; undefined before the first. */
  readonly current?: string;
  readonly rotatedAt?: string;
  /** Every key that has signed, oldest first. */
  readonly retired: readonly string[];
}

const HEX64 = /^[0-9a-f]{64}$/;

export const keyRotationsDecider: Decider<KeyRotationsState, RecordKeyRotation, SigningKeyRotated> = upcasting<KeyRotationsState, RecordKeyRotation, SigningKeyRotated>({
  initialState: () => ({ retired: [] }),
  decide(command, state) {
    switch (command.type) {
      case 'RecordKeyRotation': {
        const r = command.data.rotation;
        const problems = [
          !HEX64.test(r.fromFingerprint) && { field: 'rotation.fromFingerprint', problem: 'must be 64 lowercase hexadecimal digits' },
          !HEX64.test(r.toFingerprint) && { field: 'rotation.toFingerprint', problem: 'must be 64 lowercase hexadecimal digits' },
          r.signature === '' && { field: 'rotation.signature', problem: 'must be the old key’s signature' },
          Number.isNaN(Date.parse(r.rotatedAt)) && { field: 'rotation.rotatedAt', problem: 'must be an ISO-8601 instant' },
        ].filter((p): p is { field: string; problem: string } => p !== false);
        if (problems.length > 0) throw new InvalidCommandError(problems);
        if (r.fromFingerprint === r.toFingerprint) throw new IllegalStateError(`The new key ${r.toFingerprint} is the key already in use: nothing to rotate`);
        if (state.current !== undefined && r.fromFingerprint !== state.current) {
          throw new IllegalStateError(`Only the key now in use (${state.current}) can hand over to a new one; this rotation comes from key ${r.fromFingerprint}`);
        }
        if (state.retired.includes(r.toFingerprint)) throw new IllegalStateError(`Key ${r.toFingerprint} was retired by an earlier rotation and cannot be brought back`);
        if (state.rotatedAt !== undefined && Date.parse(r.rotatedAt) <= Date.parse(state.rotatedAt)) {
          throw new IllegalStateError(`A rotation must come after the previous one (${state.rotatedAt})`);
        }
        return [{ type: 'SigningKeyRotated', data: r }];
      }
      default:
        return assertNever(command.type);
    }
  },
  evolve: (state, event) => ({ current: event.data.toFingerprint, rotatedAt: event.data.rotatedAt, retired: [...state.retired, event.data.fromFingerprint] }),
  schemaVersions: { SigningKeyRotated: 1 },
});
