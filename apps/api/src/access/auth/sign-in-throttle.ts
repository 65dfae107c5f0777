import { TooManyAttemptsError } from './access-errors';

/** Failures an account may have before each further attempt must wait. */
export const FREE_FAILURES_PER_ACCOUNT = 3;
/** The first wait, doubled with every further failure… */
export const FIRST_DELAY_MS = 1_000;
/** …up to this: an attacker is slowed to a few hundred guesses a day, while the owner waits at most this long. */
export const MAX_DELAY_MS = 5 * 60 * 1000;
/** An account's failures are forgotten this long after the last one. */
export const ACCOUNT_MEMORY_MS = 24 * 3600 * 1000;
/** One address may fail this often in a sliding window, whichever accounts it tries. */
export const MAX_FAILURES_PER_ADDRESS = 20;
export const ADDRESS_WINDOW_MS = 15 * 60 * 1000;

/** An attempt that has been counted before its password was checked. */
export interface SignInAttempt {
  /** The password was right: the account's failures are forgiven. */
  succeeded(): void;
  /** The password was never checked (every slot busy): the attempt is handed back, not counted. */
  notChecked(): void;
}

/**
 * Limits sign-in attempts. Each attempt is counted as a failure the moment it is let through,
 * before the password is hashed, and refunded only when it succeeds: many guesses sent at once
 * cannot all pass the check before any of them is counted.
 *
 * Per account, the first few failures are free and each one after waits twice as long as the one
 * before, up to a cap, so a guesser is slowed without locking the owner out for long. Per address,
 * a fixed number of failures in a sliding window. Kept in memory: a restart forgives, which is an
 * acceptable price for not writing every failure to disk.
 */
export class SignInThrottle {
  private readonly accounts = new Map<string, { failures: number; lastAt: number }>();
  private readonly addresses = new Map<string, number[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Throws while the account or the address must wait; otherwise counts the attempt as failed until it succeeds. */
  reserve(account: string, address: string): SignInAttempt {
    const now = this.clock();
    const wait = Math.max(this.accountWait(account, now), this.addressWait(address, now));
    if (wait > 0) throw new TooManyAttemptsError(Math.ceil(wait / 1000));
    const before = this.accounts.get(account);
    const failures = (before && now - before.lastAt < ACCOUNT_MEMORY_MS ? before.failures : 0) + 1;
    // Deleted and set again, so each map stays in last-seen order and the oldest are at the front.
    this.accounts.delete(account);
    this.accounts.set(account, { failures, lastAt: now });
    const recent = this.recentAt(address, now);
    recent.push(now);
    this.addresses.delete(address);
    this.addresses.set(address, recent);
    this.forgetOld(now);
    const refundAddress = () => {
      const list = this.addresses.get(address);
      const index = list?.lastIndexOf(now) ?? -1;
      if (list && index >= 0) list.splice(index, 1);
    };
    return {
      succeeded: () => {
        this.accounts.delete(account);
        // A right password is no failure of the address either.
        refundAddress();
      },
      notChecked: () => {
        const record = this.accounts.get(account);
        if (record && record.failures > 1) this.accounts.set(account, { ...record, failures: record.failures - 1, lastAt: before?.lastAt ?? record.lastAt });
        else this.accounts.delete(account);
        refundAddress();
      },
    };
  }

  /** How long the account must wait before its next attempt, in milliseconds. */
  private accountWait(account: string, now: number): number {
    const record = this.accounts.get(account);
    if (!record || now - record.lastAt >= ACCOUNT_MEMORY_MS || record.failures < FREE_FAILURES_PER_ACCOUNT) return 0;
    const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (record.failures - FREE_FAILURES_PER_ACCOUNT));
    return Math.max(0, record.lastAt + delay - now);
  }

  private addressWait(address: string, now: number): number {
    const recent = this.recentAt(address, now);
    return recent.length < MAX_FAILURES_PER_ADDRESS ? 0 : recent[recent.length - MAX_FAILURES_PER_ADDRESS] + ADDRESS_WINDOW_MS - now;
  }

  private recentAt(address: string, now: number): number[] {
    return (this.addresses.get(address) ?? []).filter((at) => at > now - ADDRESS_WINDOW_MS);
  }

  /** Keeps memory bounded under a spray of accounts and addresses: the oldest are at the front, so this stops at the first still remembered. */
  private forgetOld(now: number): void {
    for (const [key, record] of this.accounts) {
      if (now - record.lastAt < ACCOUNT_MEMORY_MS) break;
      this.accounts.delete(key);
    }
    for (const [key, list] of this.addresses) {
      if (list.length > 0 && list[list.length - 1] > now - ADDRESS_WINDOW_MS) break;
      this.addresses.delete(key);
    }
  }
}
