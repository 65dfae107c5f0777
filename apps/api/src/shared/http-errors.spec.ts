import { IllegalStateError } from '@tracker/domain';
import { AppendOutcomeUnknownError, AppendTooLargeError, StoreAccessDeniedError } from '@tracker/event-store';
import { toHttpError } from './http-errors';
import { ServerBusyError } from './server-busy';

describe('errors as HTTP answers', () => {
  it('never tells the user that nothing was recorded when the failure is unexpected: it may have come after a commit', () => {
    const { status, body } = toHttpError(new RangeError('Maximum call stack size exceeded'), 'corr-9');
    expect(status).toBe(500);
    expect(body.message).not.toContain('nothing was recorded');
    expect(body.message).toContain('may or may not have been recorded');
    expect(body.message).toContain('corr-9');
  });

  it('answers heavy work refused for now with 503, Retry-After and SERVER_BUSY', () => {
    expect(toHttpError(new ServerBusyError('Other views of the past are being worked out', 7), 'corr-9')).toEqual({
      status: 503,
      body: { code: 'SERVER_BUSY', message: 'Other views of the past are being worked out at this moment; nothing was changed. Try again in a few seconds.', details: [] },
      headers: { 'retry-after': '7' },
    });
  });

  it('says nothing was recorded where a refusal makes it certain', () => {
    expect(toHttpError(new IllegalStateError('The deed is not signed'), 'corr-9')).toMatchObject({ status: 409, body: { message: 'The deed is not signed; nothing was recorded.' } });
  });

  it('answers an append the store did not confirm with 503 OUTCOME_UNKNOWN: maybe recorded, and how to retry safely', () => {
    const { status, body, headers } = toHttpError(new AppendOutcomeUnknownError('EventStoreDB did not confirm the append to s-1; it may or may not be stored'), 'corr-9');
    expect(status).toBe(503);
    expect(body.code).toBe('OUTCOME_UNKNOWN');
    expect(body.message).not.toContain('nothing was recorded');
    expect(body.message).toContain('may or may not have been recorded');
    expect(body.message).toContain('same Idempotency-Key');
    expect(headers).toEqual({ 'retry-after': '2' });
  });

  it('answers the store refusing the tracker’s account with 503 STORE_ACCESS_DENIED, not 500', () => {
    expect(toHttpError(new StoreAccessDeniedError('EventStoreDB refused the tracker’s account the right to read $all'), 'corr-9')).toMatchObject({
      status: 503,
      body: { code: 'STORE_ACCESS_DENIED', message: expect.stringContaining('nothing was recorded') },
    });
  });

  it('answers a change larger than the store takes in one write with 413 APPEND_TOO_LARGE and the limit', () => {
    expect(toHttpError(new AppendTooLargeError('too large', 1_048_576), 'corr-9')).toMatchObject({
      status: 413,
      body: { code: 'APPEND_TOO_LARGE', message: expect.stringContaining('(at most 1,048,576 bytes); nothing was recorded') },
    });
  });
});
