import { hashPassword, newApiToken, tokenHash, verifyPassword } from './credentials';

describe('credentials', () => {
  it('hashes a password with scrypt, naming its cost, and verifies only the right one', async () => {
    const stored = await hashPassword('correct horse battery staple', 10);
    expect(stored).toMatch(/^scrypt\$10\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password', 10)).not.toBe(await hashPassword('same password', 10));
  });

  it('makes tokens of 256 random bits and keeps only their SHA-256', () => {
    const token = newApiToken();
    expect(token).toMatch(/^tt_[A-Za-z0-9_-]{43}$/);
    expect(newApiToken()).not.toBe(token);
    expect(tokenHash(token)).toMatch(/^[0-9a-f]{64}$/);
  });
});
