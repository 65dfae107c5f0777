import { PasswordCheckBusyError } from './access-errors';
import { Slots } from '../../shared/slots';
import { PasswordChecker, hashPassword, hashSlots, newApiToken, passwordProblem, tokenHash, verifyPassword } from './credentials';

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

  it('runs at most two hashes at once, queues a bounded number, and refuses the rest as busy', async () => {
    const slots = new Slots(2, 3, () => new PasswordCheckBusyError());
    let running = 0;
    let most = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      new Promise<void>((resolve) => {
        running++;
        most = Math.max(most, running);
        releases.push(() => {
          running--;
          resolve();
        });
      });
    const accepted = Array.from({ length: 5 }, () => slots.run(work));
    await expect(slots.run(work)).rejects.toBeInstanceOf(PasswordCheckBusyError);
    while (releases.length > 0 || running > 0) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    await Promise.all(accepted);
    expect(most).toBe(2);
  });

  it('checks a password for an unknown user against a hash all the same, so the work does not tell who has an account', async () => {
    const checker = new PasswordChecker(10);
    const stored = await hashPassword('correct horse battery staple', 10);
    const counted = jest.spyOn(hashSlots, 'run');
    expect(await checker.check('correct horse battery staple', stored)).toBe(true);
    const forKnown = counted.mock.calls.length;
    counted.mockClear();
    expect(await checker.check('correct horse battery staple', undefined)).toBe(false);
    // The first unknown also makes the dummy hash once; every unknown after costs one hash, as a known user does.
    counted.mockClear();
    expect(await checker.check('anything', undefined)).toBe(false);
    expect(counted.mock.calls.length).toBe(forKnown);
    counted.mockRestore();
  });

  it.each([
    ['short', 'must be at least 12 characters'],
    [' '.repeat(12), 'must use more than a few different characters'],
    ['aaaaaaaaaaaaaaaa', 'must use more than a few different characters'],
    ['abababababab', 'must use more than a few different characters'],
    ['password1234', 'is too common: choose three or four random words'],
    ['Password 1234', 'is too common: choose three or four random words'],
    ['tab\there and\u0000more', 'must not contain control characters'],
  ])('refuses %j as a new password: %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it.each(['a long enough passphrase', 'kettle orbit meadow fig', 'Zx9!qR-2mL#w'])('takes %j as a new password', (password) => {
    expect(passwordProblem(password)).toBeUndefined();
  });

  it('does not keep a dummy hash that failed: a busy moment must not make unknown emails answer differently for ever', async () => {
    const checker = new PasswordChecker(10);
    const run = jest.spyOn(hashSlots, 'run').mockRejectedValueOnce(new PasswordCheckBusyError());
    await expect(checker.check('anything at all', undefined)).rejects.toBeInstanceOf(PasswordCheckBusyError);
    run.mockRestore();
    await expect(checker.check('anything at all', undefined)).resolves.toBe(false);
  });
});
