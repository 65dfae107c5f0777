import { GO_LIVE_MOVE_REASONS, GoLiveMoveReason, NotFoundError, ProgrammeCommand, ProgrammeEvent, fold, programmeDecider, programmeFacts, programmeStreamId } from '@tracker/domain';
import { InMemoryEventStore } from '@tracker/event-store';
import { ProgrammeFactsReader } from './programme-facts.reader';

const programmeId = '3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const streamId = programmeStreamId(programmeId);
const now = '2026-05-01T09:00:00.000Z';
const reason = Object.keys(GO_LIVE_MOVE_REASONS)[0] as GoLiveMoveReason;
const commands: Omit<ProgrammeCommand, 'metadata'>[] = [
  { type: 'RegisterProgramme', data: { programmeId, name: 'Northshire', council: 'Northshire County Council', newBody: 'Northshire Children’s Trust', legalForm: 'mutual', servicesInScope: ['children’s social care'], goLiveDate: '2027-04-01' } },
  { type: 'MoveGoLiveDate', data: { programmeId, date: '2027-10-01', reasons: [reason], note: 'Later' } },
  { type: 'ConfirmGoLiveDate', data: { programmeId, date: '2027-10-01' } },
  { type: 'MoveGoLiveDate', data: { programmeId, date: '2028-01-01', reasons: [reason], note: 'Later still' } },
];

describe('programme facts reader', () => {
  it('answers a programme’s current facts after every change, the same as folding its whole stream afresh', async () => {
    const store = new InMemoryEventStore();
    const reader = new ProgrammeFactsReader(store);
    await expect(reader.read(programmeId)).rejects.toBeInstanceOf(NotFoundError);
    const seen = [];
    for (const command of commands) {
      const history = (await store.readStream(streamId)) as unknown as ProgrammeEvent[];
      const events = programmeDecider.decide({ ...command, metadata: { now } } as ProgrammeCommand, fold(programmeDecider, history));
      await store.appendToStream(
        streamId,
        events.map((event) => ({ eventId: crypto.randomUUID(), type: event.type, schemaVersion: 1, data: event.data, metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: now } })),
        history.length === 0 ? 'no_stream' : history.length - 1,
      );
      const afresh = programmeFacts(fold(programmeDecider, (await store.readStream(streamId)) as unknown as ProgrammeEvent[]), programmeId);
      const read = await reader.read(programmeId);
      expect(read).toEqual(afresh);
      // Asked again with nothing new: the same answer.
      expect(await reader.read(programmeId)).toEqual(afresh);
      seen.push(read.goLiveDate);
    }
    expect(seen).toEqual(['2027-04-01', '2027-10-01', '2027-10-01', '2028-01-01']);
  });

  it('sees a change another reader (or process) made to the stream', async () => {
    const store = new InMemoryEventStore();
    const [register, move] = commands;
    const registered = programmeDecider.decide({ ...register, metadata: { now } } as ProgrammeCommand, programmeDecider.initialState());
    const stored = (events: readonly ProgrammeEvent[]) =>
      events.map((event) => ({ eventId: crypto.randomUUID(), type: event.type, schemaVersion: 1, data: event.data, metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: now } }));
    await store.appendToStream(streamId, stored(registered), 'no_stream');
    const reader = new ProgrammeFactsReader(store);
    expect((await reader.read(programmeId)).goLiveDate).toBe('2027-04-01');
    const moved = programmeDecider.decide({ ...move, metadata: { now } } as ProgrammeCommand, fold(programmeDecider, registered));
    await store.appendToStream(streamId, stored(moved), 0);
    expect((await reader.read(programmeId)).goLiveDate).toBe('2027-10-01');
  });
});
