import { fold } from '../decider';
import { IllegalStateError, InvalidCommandError } from '../errors';
import { KeyRotationRecord, RecordKeyRotation, SigningKeyRotated, keyRotationsDecider } from './key-rotations';

const fp = (c: string) => c.repeat(64);
const rotation = (from: string, to: string, rotatedAt = '2026-05-01T00:00:00.000Z'): KeyRotationRecord => ({
  fromFingerprint: fp(from),
  fromPublicKeyPem: `pem ${from}`,
  toFingerprint: fp(to),
  toPublicKeyPem: `pem ${to}`,
  rotatedAt,
  signature: 'c2lnbmVk',
});
const command = (r: KeyRotationRecord): RecordKeyRotation => ({ type: 'RecordKeyRotation', data: { rotation: r }, metadata: { now: r.rotatedAt } });
const after = (...events: KeyRotationRecord[]) => fold(keyRotationsDecider, events.map((data): SigningKeyRotated => ({ type: 'SigningKeyRotated', data })));

describe('key rotations', () => {
  it('records the first rotation from any key, then only from the key now in use', () => {
    expect(keyRotationsDecider.decide(command(rotation('a', 'b')), after())).toEqual([{ type: 'SigningKeyRotated', data: rotation('a', 'b') }]);
    const state = after(rotation('a', 'b'));
    expect(keyRotationsDecider.decide(command(rotation('b', 'c', '2026-06-01T00:00:00.000Z')), state)).toHaveLength(1);
    expect(() => keyRotationsDecider.decide(command(rotation('c', 'd', '2026-06-01T00:00:00.000Z')), state)).toThrow(new IllegalStateError(`Only the key now in use (${fp('b')}) can hand over to a new one; this rotation comes from key ${fp('c')}`));
  });

  it('refuses a rotation to the same key, back to a retired key, or back in time', () => {
    expect(() => keyRotationsDecider.decide(command(rotation('a', 'a')), after())).toThrow('nothing to rotate');
    expect(() => keyRotationsDecider.decide(command(rotation('b', 'a', '2026-06-01T00:00:00.000Z')), after(rotation('a', 'b')))).toThrow('cannot be brought back');
    expect(() => keyRotationsDecider.decide(command(rotation('b', 'c', '2026-04-01T00:00:00.000Z')), after(rotation('a', 'b')))).toThrow('must come after the previous one');
  });

  it('refuses malformed fields, naming them', () => {
    const bad = { ...rotation('a', 'b'), fromFingerprint: 'x', signature: '' };
    expect(() => keyRotationsDecider.decide(command(bad), after())).toThrow(InvalidCommandError);
    expect(() => keyRotationsDecider.decide(command(bad), after())).toThrow('rotation.fromFingerprint must be 64 lowercase hexadecimal digits; rotation.signature must be the old key’s signature');
  });
});
