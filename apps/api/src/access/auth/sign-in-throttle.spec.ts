import { TooManyAttemptsError } from './access-errors';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SignInThrottle } from './sign-in-throttle';

describe('sign-in throttle', () => {
  let now = 0;
  const throttle = () => new SignInThrottle(() => now);
  beforeEach(() => (now = Date.parse('2026-11-22T10:00:00Z')));

  it('stops an account after its failures, until the oldest leaves the 15-minute window', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      t.check('ann@x', `10.0.0.${i}`);
      t.failed('ann@x', `10.0.0.${i}`);
      now += 60_000;
    }
    expect(() => t.check('ann@x', '10.0.0.99')).toThrow(TooManyAttemptsError);
    expect(() => t.check('bob@x', '10.0.0.99')).not.toThrow();
    now += 11 * 60_000; // the first failure is now more than 15 minutes old
    expect(() => t.check('ann@x', '10.0.0.99')).not.toThrow();
  });

  it('stops an address that tries many accounts', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) t.failed(`user${i}@x`, '192.0.2.7');
    expect(() => t.check('new@x', '192.0.2.7')).toThrow(TooManyAttemptsError);
    expect(() => t.check('new@x', '192.0.2.8')).not.toThrow();
  });

  it('forgives an account its failures when it signs in', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) t.failed('ann@x', '10.0.0.1');
    t.succeeded('ann@x');
    t.failed('ann@x', '10.0.0.1');
    expect(() => t.check('ann@x', '10.0.0.1')).not.toThrow();
  });

  it('says how long to wait', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) t.failed('ann@x', '10.0.0.1');
    try {
      t.check('ann@x', '10.0.0.1');
      throw new Error('not throttled');
    } catch (error) {
      expect(error).toBeInstanceOf(TooManyAttemptsError);
      expect((error as TooManyAttemptsError).retryAfterSeconds).toBe(900);
    }
  });
});
