import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReminderOutbox, reminderStateOf } from './reminder-outbox';

describe('the reminders outbox', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'reminders-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const email = { userId: 'u-1', to: 'payroll.lead@northshire.example', kind: 'weekly' as const, subject: 's', text: 't' };

  it('remembers what each person was told across a restart (a reopened file), so nothing is queued twice', () => {
    const file = join(dir, 'reminders.sqlite');
    const first = new ReminderOutbox(file);
    expect(first.untold('u-1', ['week:2027-02-22', 'overdue:x'])).toEqual(['week:2027-02-22', 'overdue:x']);
    first.enqueue(email, ['week:2027-02-22'], '2027-02-22T08:00:00.000Z');
    first.close();
    const again = new ReminderOutbox(file);
    expect(again.untold('u-1', ['week:2027-02-22', 'overdue:x'])).toEqual(['overdue:x']);
    expect(again.untold('u-2', ['week:2027-02-22'])).toEqual(['week:2027-02-22']);
    expect(again.due('2027-02-22T08:00:00.000Z')).toHaveLength(1);
    again.close();
  });

  it('keeps a failure with its reason and next try, and a delivery once made', () => {
    const outbox = new ReminderOutbox(join(dir, 'r.sqlite'));
    outbox.enqueue(email, [], '2027-02-22T08:00:00.000Z');
    const [queued] = outbox.due('2027-02-22T08:00:00.000Z');
    expect(reminderStateOf(queued)).toBe('queued');
    outbox.failed(queued.id, 'Mailbox busy', '2027-02-22T08:01:00.000Z');
    expect(outbox.due('2027-02-22T08:00:30.000Z')).toEqual([]);
    const [failing] = outbox.due('2027-02-22T08:01:00.000Z');
    expect(failing).toMatchObject({ attempts: 1, lastError: 'Mailbox busy' });
    expect(reminderStateOf(failing)).toBe('failing');
    outbox.delivered(failing.id, '2027-02-22T08:01:05.000Z');
    expect(outbox.due('2027-03-01T00:00:00.000Z')).toEqual([]);
    expect(outbox.counts()).toEqual({ queued: 0, failing: 0, sent: 1 });
    expect(reminderStateOf(outbox.recent(1)[0])).toBe('sent');
    outbox.close();
  });
});
