import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes a data file readable by its owner only (0600, in a 0700 folder) before SQLite opens it:
 * the stores hold password hashes and the whole history. SQLite gives its -wal and -shm files the
 * main file's permissions, so they follow. Files made before are tightened too.
 */
export function preparePrivateFile(filename: string): void {
  if (filename === ':memory:') return;
  const folder = dirname(filename);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: 0o700 });
  closeSync(openSync(filename, 'a', 0o600));
  for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) if (existsSync(file)) chmodSync(file, 0o600);
}
