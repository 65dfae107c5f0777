import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { PasswordCheckBusyError } from './access-errors';
import { Slots } from '../../shared/slots';

/**
 * At most this many password hashes run at once. At the default cost each takes 128 MiB and one
 * of libuv's four threads, which files and DNS need too: a burst of sign-ins must not starve them.
 */
export const HASHES_AT_ONCE = 2;
/** Hashes waiting beyond this are refused (503 with Retry-After) rather than piled up. */
export const HASH_QUEUE_LIMIT = 32;

/** The dedicated slots every password hash runs in. */
export const hashSlots = new Slots(HASHES_AT_ONCE, HASH_QUEUE_LIMIT, () => new PasswordCheckBusyError());

/**
 * Passwords are hashed with scrypt (RFC 7914). The stored form names its own parameters,
 * scrypt$<log2 N>$<r>$<p>$<salt>$<hash>, so raising the cost later leaves old hashes valid.
 * The default cost, N = 2^17 with r = 8, is OWASP's recommendation for scrypt.
 */
export async function hashPassword(password: string, log2Cost: number): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, log2Cost, 8, 1);
  return ['scrypt', log2Cost, 8, 1, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2Cost, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(log2Cost), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * Checks a password for a user who may not exist. An unknown email, or a user with no password,
 * is checked against a hash of the same cost all the same, so the answer takes as long either way
 * and does not tell which emails have accounts.
 */
export class PasswordChecker {
  private dummy?: Promise<string>;

  constructor(private readonly log2Cost: number) {}

  async check(password: string, stored: string | undefined): Promise<boolean> {
    if (stored !== undefined) return verifyPassword(password, stored);
    // Made once; a failure (every slot busy) is not kept, or unknown emails would answer 503 for
    // ever while known ones answer 401 — telling which emails have accounts.
    this.dummy ??= hashPassword(newPassword(), this.log2Cost).catch((error: unknown) => {
      this.dummy = undefined;
      throw error;
    });
    await verifyPassword(password, await this.dummy);
    return false;
  }
}

function derive(password: string, salt: Buffer, log2Cost: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2Cost;
  return hashSlots.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, 32, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key))),
      ),
  );
}

/** Passwords people pick first, and that guessing lists try first: refused whatever their length. */
const COMMON_PASSWORDS = new Set([
  'password1234', 'password12345', 'password123456', 'passwordpassword', 'password1234!', 'qwertyuiopas', 'qwerty123456',
  '123456789012', '1234567890123', '1q2w3e4r5t6y', 'iloveyou1234', 'welcome12345', 'letmein12345', 'changeme1234',
  'administrator', 'admin1234567', 'abcdefghijkl', 'abc123abc123', 'trustno1trustno1', 'correcthorsebatterystaple',
]);

/**
 * What is wrong with a new password, in words, or undefined. Length matters most (NCSC: three
 * random words); beyond it only the obviously guessable is refused: one character repeated, a
 * few characters over and over, or a password on every guessing list.
 */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < 12) return 'must be at least 12 characters';
  if ([...password].length > 200) return 'must be at most 200 characters';
  if (/[\u0000-\u001f\u007f]/.test(password)) return 'must not contain control characters';
  if (new Set(password.toLowerCase().replace(/\s/g, '')).size < 5) return 'must use more than a few different characters';
  if (COMMON_PASSWORDS.has(password.toLowerCase().replace(/[\s_.-]/g, ''))) return 'is too common: choose three or four random words';
  return undefined;
}

/** An API token: 256 random bits, shown once. Its SHA-256 is all that is kept, and all a look-up needs. */
export function newApiToken(): string {
  return `tt_${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A password nobody chose, for a first administrator whose password was not configured. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
