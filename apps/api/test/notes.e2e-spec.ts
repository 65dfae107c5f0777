import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AREAS, NoteTarget, findingStreamId, notesStreamId } from '@tracker/domain';
import { contractBody, registerProgramme, closeProgramme } from './support/fixtures';
import { ADMIN_USER_ID, startTestApp, TestApp } from './support/test-app';

const NOW = '2026-11-22T10:00:00.000Z';
/** Registered three weeks before the tests' today, so there is a past to date things in. */
const REGISTERED = '2026-11-02T09:00:00.000Z';
const UNKNOWN = '5b0c4a3e-1111-4222-8333-444455556666';

describe('notes over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  const http = () => t.http();
  const notesOf = (id = programmeId) => `/api/programmes/${id}/notes`;

  // One app for the file, a programme of its own for each test. Recorded time never runs back, so
  // each programme is registered now as one already under way since REGISTERED's day.
  beforeAll(async () => (t = await startTestApp()));
  beforeEach(async () => {
    t.setNow(NOW);
    programmeId = await registerProgramme(t, { startedOn: REGISTERED.slice(0, 10) });
    await t.mark();
  });
  afterAll(async () => t.close());

  /** Sends a request that must be refused, and checks that nothing at all was appended. */
  const refused = async (send: () => request.Test, status: number) => {
    const before = (await t.events()).length;
    const response = await send().expect(status);
    expect(await t.events()).toHaveLength(before);
    return response;
  };
  const lastEvent = async () => (await t.events()).at(-1)!;

  const registerContract = async (id = programmeId) =>
    (await http().post(`/api/programmes/${id}/contracts`).send(contractBody).expect(201)).body.id as string;

  /** Findings come from another part of the API; the note only needs the finding's stream to hold one. */
  const seedFinding = async (id = programmeId) => {
    const findingId = randomUUID();
    await t.store.appendToStream(
      findingStreamId(id, findingId),
      [
        {
          eventId: randomUUID(),
          type: 'FindingRaised',
          schemaVersion: 1,
          data: {
            programmeId: id,
            findingId,
            target: { kind: 'area', area: 'contracts' },
            title: 'Consent letters not sent',
            description: 'No supplier has been asked to consent to novation',
            severity: 'high',
            owner: 'Head of procurement',
            dueDate: '2027-01-31',
            evidence: [],
          },
          metadata: { userId: 'adviser-1', role: 'adviser', correlationId: 'seed', causationId: 'seed', recordedAt: NOW },
        },
      ],
      'no_stream',
    );
    return findingId;
  };

  describe('POST /api/programmes/{id}/notes', () => {
    it.each<[string, () => Promise<NoteTarget>]>([
      ['the programme', async () => ({ kind: 'programme' })],
      ['an area', async () => ({ kind: 'area', area: 'staff' })],
      ['a register item', async () => ({ kind: 'item', itemId: await registerContract() })],
      ['a finding', async () => ({ kind: 'finding', findingId: await seedFinding() })],
    ])('adds a note about %s: 201 with id, version and ETag, recording NoteAdded', async (_, targetOf) => {
      const target = await targetOf();
      const response = await http().post(notesOf()).send({ target, text: '  Chased the supplier by phone  ' }).expect(201);

      expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
      expect(response.headers.etag).toBe('"1"');
      expect(await lastEvent()).toMatchObject({
        streamId: notesStreamId(programmeId),
        streamRevision: 0,
        type: 'NoteAdded',
        schemaVersion: 1,
        data: { programmeId, noteId: response.body.id, target, text: 'Chased the supplier by phone' },
        metadata: { userId: ADMIN_USER_ID, recordedAt: NOW },
      });
    });

    it('keeps every note in one stream per programme: the version counts the notes', async () => {
      await http().post(notesOf()).send({ target: { kind: 'programme' }, text: 'first' }).expect(201);
      const second = await http().post(notesOf()).send({ target: { kind: 'area', area: 'assets' }, text: 'second' }).expect(201);
      expect(second.body.version).toBe(2);
      expect(second.headers.etag).toBe('"2"');
    });

    it('records a correction as NoteAmended about what the amended note was about', async () => {
      const itemId = await registerContract();
      const first = await http().post(notesOf()).send({ target: { kind: 'item', itemId }, text: 'Consent chased once' }).expect(201);

      const amendment = await http()
        .post(notesOf())
        .send({ target: { kind: 'programme' }, text: 'Consent chased twice, not once', amends: first.body.id })
        .expect(201);

      expect(amendment.body).toEqual({ id: expect.any(String), version: 2 });
      expect(await lastEvent()).toMatchObject({
        type: 'NoteAmended',
        data: { programmeId, noteId: amendment.body.id, amends: first.body.id, target: { kind: 'item', itemId }, text: 'Consent chased twice, not once' },
      });
    });

    it.each([
      ['a UK date, as UK midnight', '2026-11-03', '2026-11-03T00:00:00.000Z'],
      ['an instant with a zone, in UTC', '2026-11-20T09:30:00+01:00', '2026-11-20T08:30:00.000Z'],
    ])('keeps effectiveAt given as %s in the event metadata', async (_, effectiveAt, stored) => {
      await http().post(notesOf()).send({ target: { kind: 'programme' }, text: 'Met the actuary', effectiveAt }).expect(201);
      expect((await lastEvent()).metadata).toMatchObject({ recordedAt: NOW, effectiveAt: stored });
    });

    it('answers a retried request (same Idempotency-Key) with the first answer and records it once', async () => {
      const body = { target: { kind: 'programme' }, text: 'Board pack sent' };
      const first = await http().post(notesOf()).set('idempotency-key', 'note-001').send(body).expect(201);
      const before = (await t.events()).length;
      const retry = await http().post(notesOf()).set('idempotency-key', 'note-001').send(body).expect(201);

      expect(retry.body).toEqual(first.body);
      expect(await t.events()).toHaveLength(before);
    });

    it('still takes notes after go-live and after closure', async () => {
      const itemId = await registerContract();
      // The go was taken before the day it went live, and recorded later.
      await http().post(`/api/programmes/${programmeId}/decisions`).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready', effectiveAt: '2026-11-19' }).expect(201);
      await http().post(`/api/programmes/${programmeId}/go-live`).send({ date: '2026-11-20' }).expect(200);
      await http().post(notesOf()).send({ target: { kind: 'item', itemId }, text: 'Deed executed late' }).expect(201);

      await closeProgramme(t, programmeId);
      const after = await http().post(notesOf()).send({ target: { kind: 'area', area: 'contracts' }, text: 'Lessons learned' }).expect(201);

      expect(after.body.version).toBe(2);
      expect((await lastEvent()).type).toBe('NoteAdded');
    });

    const valid = { target: { kind: 'programme' }, text: 'A note' };
    it.each<[string, Record<string, unknown>, { field: string; problem: unknown }[]]>([
      ['no target', { text: 'A note' }, [{ field: 'target', problem: 'is required' }]],
      ['a target that is text', { ...valid, target: 'programme' }, [{ field: 'target', problem: expect.stringContaining('must be an object') }]],
      ['a target that is a list', { ...valid, target: [{ kind: 'programme' }] }, [{ field: 'target', problem: expect.stringContaining('must be an object') }]],
      ['a target without a kind', { ...valid, target: {} }, [{ field: 'target.kind', problem: 'is required' }]],
      ['a target of an unknown kind', { ...valid, target: { kind: 'decision' } }, [{ field: 'target.kind', problem: 'must be one of: programme, area, item, finding' }]],
      ['an area target without its area', { ...valid, target: { kind: 'area' } }, [{ field: 'target.area', problem: 'is required' }]],
      ['an unknown area', { ...valid, target: { kind: 'area', area: 'catering' } }, [{ field: 'target.area', problem: `must be one of: ${AREAS.join(', ')}` }]],
      ['an item target without its itemId', { ...valid, target: { kind: 'item' } }, [{ field: 'target.itemId', problem: 'is required' }]],
      ['an itemId that is no id', { ...valid, target: { kind: 'item', itemId: 'NCC-0412' } }, [{ field: 'target.itemId', problem: 'must be the id of a register item' }]],
      ['a finding target without its findingId', { ...valid, target: { kind: 'finding' } }, [{ field: 'target.findingId', problem: 'is required' }]],
      ['a findingId that is no id', { ...valid, target: { kind: 'finding', findingId: 42 } }, [{ field: 'target.findingId', problem: 'must be the id of a finding' }]],
      ['a field of another kind of target', { ...valid, target: { kind: 'area', area: 'assets', itemId: UNKNOWN } }, [{ field: 'target.itemId', problem: 'property itemId should not exist' }]],
      ['no text', { target: { kind: 'programme' } }, [{ field: 'text', problem: 'is required' }]],
      ['blank text', { ...valid, text: '   ' }, [{ field: 'text', problem: 'must not be empty' }]],
      ['text that is not text', { ...valid, text: 12 }, [{ field: 'text', problem: 'must be text' }]],
      ['text too long', { ...valid, text: 'x'.repeat(5001) }, [{ field: 'text', problem: 'must be at most 5000 characters' }]],
      ['amends that is no id', { ...valid, amends: 'the last one' }, [{ field: 'amends', problem: 'must be the id of a note' }]],
      ['an effectiveAt without a zone', { ...valid, effectiveAt: '2026-11-01T09:00' }, [{ field: 'effectiveAt', problem: expect.stringContaining('must be a date (YYYY-MM-DD)') }]],
      ['an effectiveAt in the future', { ...valid, effectiveAt: '2026-11-23' }, [{ field: 'effectiveAt', problem: 'must not be in the future' }]],
      ['an effectiveAt before the programme existed', { ...valid, effectiveAt: '2026-11-01' }, [{ field: 'effectiveAt', problem: expect.stringContaining('must not be before the programme began') }]],
      ['a field the API does not know', { ...valid, userId: 'someone-else' }, [{ field: 'userId', problem: 'property userId should not exist' }]],
    ])('refuses %s with 400 naming the field, writing nothing', async (_, body, details) => {
      const response = await refused(() => http().post(notesOf()).send(body), 400);
      expect(response.body).toEqual({ code: 'VALIDATION_FAILED', message: expect.any(String), details });
    });

    it('accepts text of exactly 5000 characters', async () => {
      await http().post(notesOf()).send({ ...valid, text: 'x'.repeat(5000) }).expect(201);
    });

    it.each<[string, () => Promise<{ path: string; body: Record<string, unknown>; message: string }>]>([
      ['an unknown programme', async () => ({ path: notesOf(UNKNOWN), body: valid, message: `No programme with id ${UNKNOWN}` })],
      [
        'an unknown register item',
        async () => ({ path: notesOf(), body: { ...valid, target: { kind: 'item', itemId: UNKNOWN } }, message: `No register item with id ${UNKNOWN}` }),
      ],
      [
        'a register item of another programme',
        async () => {
          const itemId = await registerContract(await registerProgramme(t));
          return { path: notesOf(), body: { ...valid, target: { kind: 'item', itemId } }, message: `No register item with id ${itemId}` };
        },
      ],
      [
        'an unknown finding',
        async () => ({ path: notesOf(), body: { ...valid, target: { kind: 'finding', findingId: UNKNOWN } }, message: `No finding with id ${UNKNOWN}` }),
      ],
      [
        'a finding of another programme',
        async () => {
          const findingId = await seedFinding(await registerProgramme(t));
          return { path: notesOf(), body: { ...valid, target: { kind: 'finding', findingId } }, message: `No finding with id ${findingId}` };
        },
      ],
      ['amending an unknown note', async () => ({ path: notesOf(), body: { ...valid, amends: UNKNOWN }, message: `No note with id ${UNKNOWN}` })],
    ])('answers 404 for %s, writing nothing', async (_, setUp) => {
      const { path, body, message } = await setUp();
      const response = await refused(() => http().post(path).send(body), 404);
      expect(response.body).toEqual({ code: 'NOT_FOUND', message, details: [] });
    });
  });

  describe('GET /api/programmes/{id}/notes', () => {
    it('lists no notes for a programme without any', async () => {
      expect((await http().get(notesOf()).expect(200)).body).toEqual({ items: [] });
    });

    it('lists every note, oldest first, with who wrote it and when, corrections beside what they correct', async () => {
      const itemId = await registerContract();
      const first = await http().post(notesOf()).send({ target: { kind: 'item', itemId }, text: 'Consent chased once' }).expect(201);
      t.setNow('2026-11-23T08:15:00.000Z');
      const second = await http()
        .post(notesOf())
        .send({ target: { kind: 'programme' }, text: 'Consent chased twice', amends: first.body.id, effectiveAt: '2026-11-21' })
        .expect(201);

      const response = await http().get(notesOf()).expect(200);
      expect(response.body).toEqual({
        items: [
          { id: first.body.id, target: { kind: 'item', itemId }, text: 'Consent chased once', recordedAt: NOW, userId: ADMIN_USER_ID },
          {
            id: second.body.id,
            target: { kind: 'item', itemId },
            text: 'Consent chased twice',
            amends: first.body.id,
            recordedAt: '2026-11-23T08:15:00.000Z',
            effectiveAt: '2026-11-21T00:00:00.000Z',
            userId: ADMIN_USER_ID,
          },
        ],
      });
    });

    it('answers 404 for an unknown programme', async () => {
      const response = await http().get(notesOf(UNKNOWN)).expect(404);
      expect(response.body).toEqual({ code: 'NOT_FOUND', message: `No programme with id ${UNKNOWN}`, details: [] });
    });
  });
});
