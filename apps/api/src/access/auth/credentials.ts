import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

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

function derive(password: string, salt: Buffer, log2Cost: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2Cost;
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, 32, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key))),
  );
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
