import { TooManyAttemptsError } from './access-errors';
import { ADDRESS_WINDOW_MS, FREE_FAILURES_PER_ACCOUNT, MAX_DELAY_MS, MAX_FAILURES_PER_ADDRESS, SignInThrottle } from './sign-in-throttle';

describe('sign-in throttle', () => {
  let now = 0;
  const throttle = () => new SignInThrottle(() => now);
  const waitOf = (t: SignInThrottle, account: string, address: string) => {
    try {
      t.reserve(account, address);
      return 0;
    } catch (error) {
      if (!(error instanceof TooManyAttemptsError)) throw error;
      return error.retryAfterSeconds;
    }
  };
  beforeEach(() => (now = Date.parse('2026-11-22T10:00:00Z')));

  it('counts an attempt when it is let through, before its password is checked: guesses sent at once cannot all pass', () => {
    const t = throttle();
    // A hundred guesses arriving together: each is reserved before any password has been hashed.
    const outcomes = Array.from({ length: 100 }, (_, i) => waitOf(t, 'ann@x', `10.0.${i}.1`));
    expect(outcomes.filter((wait) => wait === 0)).toHaveLength(FREE_FAILURES_PER_ACCOUNT);
    expect(outcomes.slice(FREE_FAILURES_PER_ACCOUNT).every((wait) => wait > 0)).toBe(true);
  });

  it('doubles the wait with each failure past the free ones, up to a cap, so the owner is never locked out for long', () => {
    const t = throttle();
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT; i++) expect(waitOf(t, 'ann@x', `10.0.0.${i}`)).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const wait = waitOf(t, 'ann@x', `10.0.1.${i}`);
      waits.push(wait);
      now += wait * 1000;
      expect(waitOf(t, 'ann@x', `10.0.2.${i}`)).toBe(0);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300]);
    expect(MAX_DELAY_MS).toBe(300_000);
  });

  it('forgives an account its failures when it signs in', () => {
    const t = throttle();
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT - 1; i++) t.reserve('ann@x', '10.0.0.1');
    t.reserve('ann@x', '10.0.0.1').succeeded();
    for (let i = 0; i < FREE_FAILURES_PER_ACCOUNT; i++) expect(waitOf(t, 'ann@x', '10.0.0.1')).toBe(0);
    expect(waitOf(t, 'ann@x', '10.0.0.1')).toBeGreaterThan(0);
  });

  it('stops an address that tries many accounts, until the window moves on', () => {
    const t = throttle();
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) t.reserve(`user${i}@x`, '192.0.2.7');
    expect(waitOf(t, 'new@x', '192.0.2.7')).toBe(ADDRESS_WINDOW_MS / 1000);
    expect(waitOf(t, 'new@x', '192.0.2.8')).toBe(0);
    now += ADDRESS_WINDOW_MS + 1;
    expect(waitOf(t, 'other@x', '192.0.2.7')).toBe(0);
  });

  it('hands back an attempt whose password was never checked, so a busy server builds up no wait for the owner', () => {
    const t = throttle();
    for (let i = 0; i < 10; i++) t.reserve('ann@x', `10.0.3.${i}`).notChecked();
    expect(waitOf(t, 'ann@x', '10.0.3.99')).toBe(0);
  });

  it('forgets accounts and addresses a day after they were last seen, oldest first, so a spray of emails cannot grow it for ever', () => {
    const t = throttle();
    for (let i = 0; i < 20_000; i++) t.reserve(`spray${i}@x`, `198.51.${i % 250}.${i % 200}`);
    now += 25 * 3600 * 1000;
    t.reserve('ann@x', '10.0.0.1');
    const sizes = t as unknown as { accounts: Map<string, unknown>; addresses: Map<string, unknown> };
    expect([sizes.accounts.size, sizes.addresses.size]).toEqual([1, 1]);
  });
});
