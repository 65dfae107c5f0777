import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool, compiledWorker } from './worker-pool';

class Busy extends Error {}

describe('WorkerPool', () => {
  let directory: string;
  let worker: string;
  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'worker-pool-'));
    worker = join(directory, 'wait.worker.js');
    // Answers which thread ran it, after `ms`; throws when asked to.
    writeFileSync(worker, "const { threadId } = require('node:worker_threads');\nmodule.exports = async ({ ms, fail }) => { await new Promise((r) => setTimeout(r, ms)); if (fail) throw new Error(fail); return threadId; };\n");
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('runs tasks on threads other than this one and answers their results', async () => {
    const pool = new WorkerPool<{ ms: number }, number>(worker, { busy: () => new Busy(), threads: 2 });
    try {
      const threads = await Promise.all([pool.run({ ms: 50 }), pool.run({ ms: 50 })]);
      for (const thread of threads) expect(thread).toBeGreaterThan(0); // the main thread's id is 0
    } finally {
      await pool.close();
    }
  });

  it('refuses at once, with the busy error, a task beyond the threads and the queue; the others finish', async () => {
    const pool = new WorkerPool<{ ms: number }, number>(worker, { busy: () => new Busy(), threads: 1, queueLimit: 1 });
    try {
      const first = pool.run({ ms: 300 });
      await new Promise((resolve) => setTimeout(resolve, 100)); // the first is running; the next waits
      const second = pool.run({ ms: 10 });
      await expect(pool.run({ ms: 10 })).rejects.toBeInstanceOf(Busy);
      await expect(Promise.all([first, second])).resolves.toHaveLength(2);
      // Once the queue has room again, work is taken.
      await expect(pool.run({ ms: 10 })).resolves.toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });

  it('runs as many tasks at once on one thread as it is told, and queues the next rather than refusing it', async () => {
    const pool = new WorkerPool<{ ms: number }, number>(worker, { busy: () => new Busy(), threads: 1, tasksPerThread: 2, keepThreads: true, queueLimit: 1 });
    try {
      expect(pool.started).toBe(false);
      const running = [pool.run({ ms: 300 }), pool.run({ ms: 300 })];
      await new Promise((resolve) => setTimeout(resolve, 100)); // both are running on the one thread
      const queued = pool.run({ ms: 10 });
      await expect(pool.run({ ms: 10 })).rejects.toBeInstanceOf(Busy);
      const [first, second] = await Promise.all(running);
      expect(second).toBe(first);
      await expect(queued).resolves.toBe(first);
      expect(pool.started).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('passes a task’s own failure on as it is, not as busy', async () => {
    const pool = new WorkerPool<{ ms: number; fail: string }, number>(worker, { busy: () => new Busy(), threads: 1 });
    try {
      await expect(pool.run({ ms: 1, fail: 'the file was unreadable' })).rejects.toThrow('the file was unreadable');
    } finally {
      await pool.close();
    }
  });

  it('fails only the task that outgrows its thread’s heap, with ERR_WORKER_OUT_OF_MEMORY, and takes the next task', async () => {
    const hog = join(directory, 'hog.worker.js');
    writeFileSync(hog, "module.exports = async ({ hog }) => { const kept = []; while (hog) kept.push(new Array(1e6).fill(kept.length)); return 'done'; };\n");
    const pool = new WorkerPool<{ hog: boolean }, string>(hog, { busy: () => new Busy(), threads: 1, maxHeapMb: 32 });
    try {
      await expect(pool.run({ hog: true })).rejects.toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
      await expect(pool.run({ hog: false })).resolves.toBe('done');
    } finally {
      await pool.close();
    }
  });

  it('finds a compiled worker beside the caller, and none when the caller runs from source', () => {
    expect(compiledWorker(directory, 'wait.worker')).toBe(worker);
    expect(compiledWorker(__dirname, 'worker-pool')).toBeUndefined(); // only worker-pool.ts is here
  });
});
