import request from 'supertest';
import { memberWithPassword, signInSession } from './support/browser';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The events of an iCalendar text, each as its properties (lines unfolded, parameters kept in the name). */
function eventsOf(ics: string): Record<string, string>[] {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon)] = line.slice(colon + 1).replace(/\\n/g, '\n').replace(/\\,/g, ',').replace(/\\;/g, ';');
    }
  }
  return events;
}

/** A person's calendar of deadlines, at a secret address: on a Northshire-like timetable, read on 8 February 2027. */
describe('the calendar feed', () => {
  let t: TestApp;
  let programmeId: string;
  let other: string;
  let adviser: { id: string; token: string };
  const anonymous = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startTestApp({}, '2026-11-22T10:00:00.000Z');
    programmeId = await registerProgramme(t);
    other = await registerProgramme(t, { name: 'Another programme' });
    await t.http().post(`/api/programmes/${programmeId}/contracts`).send({ ...contractBody, owner: 'Council legal — contracts team', targetDate: '2027-03-15' }).expect(201);
    adviser = await memberWithPassword(t, programmeId, 'adviser', 'cal.adviser@northshire.example', 'a long enough passphrase');
    t.setNow('2027-02-08T10:00:00.000Z');
  });
  afterAll(async () => t?.close());

  it('is issued by its owner, shown once, and lists the go-live date and the action plan on the days they fall due', async () => {
    const issued = await t.http(adviser.token).post(`/api/users/${adviser.id}/calendar-feed`).send({}).expect(201);
    expect(issued.headers['cache-control']).toBe('no-store');
    expect(issued.body.path).toMatch(/^\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/);
    expect(issued.body.url).toMatch(/^http:\/\/127\.0\.0\.1(:\d+)?\/calendar\/cal_/);
    // Only its hash is recorded.
    const secret = /cal_[^.]+/.exec(issued.body.path)![0];
    expect(JSON.stringify(await t.store.readStream(`user-${adviser.id}`))).not.toContain(secret);

    const feed = await anonymous().get(issued.body.path).expect(200).expect('content-type', 'text/calendar; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('no-store');
    const events = eventsOf(feed.text);
    const goLive = events.find((e) => e.SUMMARY.endsWith(': go-live (provisional)'))!;
    expect(goLive['DTSTART;VALUE=DATE']).toBe('20270401');
    const novation = events.find((e) => e.SUMMARY.startsWith('NCC-0412: '))!;
    expect(novation['DTSTART;VALUE=DATE']).toBe('20270315');
    expect(novation.DESCRIPTION).toContain('Owner: Council legal — contracts team');
    expect(novation.DESCRIPTION).toContain('the rule\'s own deadline: 1 April 2027');
    expect(novation['URL;VALUE=URI'] ?? novation.URL).toMatch(new RegExp(`/programmes/${programmeId}/registers/contracts/`));
    // Only the programmes the person may read.
    expect(events.some((e) => e.SUMMARY.startsWith('Another programme'))).toBe(false);
    await anonymous().get(`${issued.body.path}?programme=${other}`).expect(404);
    expect(eventsOf((await anonymous().get(`${issued.body.path}?programme=${programmeId}`).expect(200)).text).length).toBe(events.length);
  });

  it('keeps each thing’s id as its due day moves, so a calendar moves the entry', async () => {
    const { path } = (await t.http(adviser.token).post(`/api/users/${adviser.id}/calendar-feed`).send({}).expect(201)).body;
    const before = eventsOf((await anonymous().get(path).expect(200)).text).find((e) => e.SUMMARY.startsWith('NCC-0412: '))!;
    const contract = (await t.http().get(`/api/programmes/${programmeId}/contracts`).expect(200)).body.items[0].id;
    await t.http().patch(`/api/programmes/${programmeId}/contracts/${contract}`).send({ targetDate: '2027-03-22' }).expect(200);
    const after = eventsOf((await anonymous().get(path).expect(200)).text).find((e) => e.UID === before.UID)!;
    expect(after['DTSTART;VALUE=DATE']).toBe('20270322');
  });

  it('stops answering when replaced or revoked, and answers nothing at an address never issued, the same way', async () => {
    const first = (await t.http(adviser.token).post(`/api/users/${adviser.id}/calendar-feed`).send({}).expect(201)).body.path;
    const second = (await t.http(adviser.token).post(`/api/users/${adviser.id}/calendar-feed`).send({}).expect(201)).body.path;
    const gone = await anonymous().get(first).expect(404);
    expect(gone.body.message).toBe('No calendar feed answers at this address: it was revoked, replaced, or never issued');
    await anonymous().get(second).expect(200);
    await t.http(adviser.token).delete(`/api/users/${adviser.id}/calendar-feed`).expect(200);
    await anonymous().get(second).expect(404);
    await t.mark();
    expect((await t.http(adviser.token).delete(`/api/users/${adviser.id}/calendar-feed`).expect(409)).body.message).toMatch(/^There is no calendar feed to revoke/);
    expect(await t.events()).toEqual([]);
    await anonymous().get(`/calendar/cal_${'x'.repeat(43)}.ics`).expect(404);
    await anonymous().get('/calendar/not-a-feed').expect(404);
  });

  it('is issued only by its owner: an administrator cannot get someone’s address; a disabled account’s feed stops', async () => {
    await t.mark();
    const refused = await t.http().post(`/api/users/${adviser.id}/calendar-feed`).send({}).expect(409);
    expect(refused.body.message).toMatch(/^A calendar feed is issued by the person it belongs to/);
    expect(await t.events()).toEqual([]);
    const { path } = (await t.http(adviser.token).post(`/api/users/${adviser.id}/calendar-feed`).send({}).expect(201)).body;
    await t.http().post(`/api/users/${adviser.id}/disable`).send({}).expect(200);
    await anonymous().get(path).expect(404);
    await t.http().post(`/api/users/${adviser.id}/enable`).send({}).expect(200);
    await anonymous().get(path).expect(200);
  });

  it('is got and stopped from the account page', async () => {
    const session = await signInSession(t, 'cal.adviser@northshire.example', 'a long enough passphrase');
    const page = (await anonymous().get('/account').set('cookie', session.cookie).expect(200)).text;
    expect(page).toContain('Your calendar of deadlines');
    const issued = await anonymous().post('/account/calendar-feed').set('cookie', session.cookie).type('form').send({ _csrf: session.csrf }).expect(201);
    const url = /data-testid="calendar-url">([^<]+)</.exec(issued.text)![1];
    await anonymous().get(new URL(url).pathname).expect(200);
    expect((await anonymous().get('/account').set('cookie', session.cookie).expect(200)).text).not.toContain(url);
    await anonymous().get('/account/calendar-feed/revoke').set('cookie', session.cookie).expect(200);
    const done = await anonymous().post('/account/calendar-feed/revoke').set('cookie', session.cookie).type('form').send({ _csrf: session.csrf }).expect(303);
    expect(done.headers.location).toBe('/account?done=calendar-revoked');
    await anonymous().get(new URL(url).pathname).expect(404);
  });
});
