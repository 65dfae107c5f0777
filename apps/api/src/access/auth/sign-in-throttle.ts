import { TooManyAttemptsError } from './access-errors';

const WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

/**
 * Limits failed sign-ins per account and per address over a sliding 15 minutes. Kept in memory:
 * a restart forgives, which is an acceptable price for not writing every failure to disk.
 */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Throws while either the account or the address has used up its failures. */
  check(account: string, address: string): void {
    const wait = Math.max(this.waitFor(`account:${account}`, MAX_FAILURES_PER_ACCOUNT), this.waitFor(`address:${address}`, MAX_FAILURES_PER_ADDRESS));
    if (wait > 0) throw new TooManyAttemptsError(Math.ceil(wait / 1000));
  }

  failed(account: string, address: string): void {
    for (const key of [`account:${account}`, `address:${address}`]) this.failures.set(key, [...this.recent(key), this.clock()]);
  }

  succeeded(account: string): void {
    this.failures.delete(`account:${account}`);
  }

  private recent(key: string): number[] {
    const since = this.clock() - WINDOW_MS;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  private waitFor(key: string, limit: number): number {
    const recent = this.recent(key);
    return recent.length < limit ? 0 : recent[recent.length - limit] + WINDOW_MS - this.clock();
  }
}
