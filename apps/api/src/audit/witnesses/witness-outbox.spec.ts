import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignedDigest } from '@tracker/audit';
import { WitnessOutbox, stateOf } from './witness-outbox';

const digest = (position: number): SignedDigest => ({ programmeId: 'p', position, eventCount: position, headHash: 'a'.repeat(64), takenAt: '2026-11-22T10:00:00.000Z', signature: `sig-${position}` });
const entry = (position: number) => ({ witnesses: ['email', 'webhook'] as const, programmeId: 'p', programmeName: 'Northshire', digest: digest(position), keyFingerprint: 'f', publicKeyPem: 'k', at: '2026-11-22T10:00:00.000Z' });

describe('the witnesses’ outbox', () => {
  let folder: string;
  let outbox: WitnessOutbox;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'outbox-'));
    outbox = new WitnessOutbox(join(folder, 'outbox.sqlite'));
  });
  afterEach(() => {
    outbox.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('knows a digest by its signature, however its fields are ordered, and keeps where its last look for unsent digests ended', () => {
    outbox.enqueue(entry(3));
    const reordered = Object.fromEntries(Object.entries(digest(3)).reverse()) as unknown as SignedDigest;
    expect(outbox.enqueue({ ...entry(3), digest: reordered })).toBe(0);
    expect(outbox.undelivered()).toHaveLength(2);
    expect(outbox.queued('email', 'p', 'sig-3')).toBe(true);
    expect(outbox.queued('email', 'p', 'sig-4')).toBe(false);
    expect(outbox.queued('email', 'q', 'sig-3')).toBe(false);
    expect(outbox.reconciledUpTo('email')).toBeUndefined();
    outbox.reconciled('email', 12);
    outbox.reconciled('email', 40);
    expect([outbox.reconciledUpTo('email'), outbox.reconciledUpTo('webhook')]).toEqual([40, undefined]);
  });

  it('holds one delivery per witness, and the same digest queued twice once', () => {
    outbox.enqueue(entry(3));
    outbox.enqueue(entry(3));
    expect(outbox.undelivered().map((d) => [d.witness, d.digest.position, stateOf(d)])).toEqual([
      ['email', 3, 'pending'],
      ['webhook', 3, 'pending'],
    ]);
  });

  it('offers a failed delivery again only once its next attempt is due, and keeps attempts and the error', () => {
    outbox.enqueue({ ...entry(3), witnesses: ['webhook'] });
    const [delivery] = outbox.due('2026-11-22T10:00:00.000Z');
    outbox.failed(delivery.id, '2026-11-22T10:00:00.000Z', 'HTTP 500', '2026-11-22T10:00:30.000Z');
    expect(outbox.due('2026-11-22T10:00:29.999Z')).toEqual([]);
    const [again] = outbox.due('2026-11-22T10:00:30.000Z');
    expect(again).toMatchObject({ attempts: 1, lastError: 'HTTP 500', nextAttemptAt: '2026-11-22T10:00:30.000Z' });
    expect(stateOf(again)).toBe('failing');
    outbox.delivered(again.id, '2026-11-22T10:00:31.000Z');
    expect(outbox.due('2026-11-23T00:00:00.000Z')).toEqual([]);
    expect(outbox.undelivered()).toEqual([]);
    expect(outbox.recent()).toEqual([expect.objectContaining({ attempts: 2, deliveredAt: '2026-11-22T10:00:31.000Z' })]);
  });

  it('keeps what is undelivered through closing and opening the file again', () => {
    outbox.enqueue(entry(5));
    outbox.close();
    outbox = new WitnessOutbox(join(folder, 'outbox.sqlite'));
    expect(outbox.undelivered().map((d) => d.digest)).toEqual([digest(5), digest(5)]);
  });

  it('lists recent deliveries newest first, always with every undelivered one', () => {
    outbox.enqueue({ ...entry(1), witnesses: ['email'] });
    for (let p = 2; p <= 4; p++) {
      outbox.enqueue({ ...entry(p), witnesses: ['email'] });
      outbox.delivered(outbox.due('2026-11-23T00:00:00.000Z').find((d) => d.digest.position === p)!.id, '2026-11-22T11:00:00.000Z');
    }
    expect(outbox.recent(2).map((d) => d.digest.position)).toEqual([4, 3, 1]);
  });
});
