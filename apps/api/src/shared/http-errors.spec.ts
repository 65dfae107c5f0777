import { IllegalStateError } from '@tracker/domain';
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
});
