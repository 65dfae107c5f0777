import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Piscina from 'piscina';

/** Tasks waiting for a thread, at most; past that a task is refused with 503 rather than piled up. */
export const WORKER_QUEUE_LIMIT = 8;

/**
 * A bounded pool of worker threads for CPU-heavy reads (piscina): as many threads as cores, a short
 * queue, and past that a busy error (503 with Retry-After) at once. The event loop that
 * answers everyone else never runs the work itself.
 */
export class WorkerPool<Task, Result> {
  private readonly pool: Piscina<Task, Result>;

  private readonly queueLimit: number;
  private readonly busy: () => Error;

  constructor(
    filename: string,
    options: {
      /** The error a task gets when every thread is busy and the queue is full. */
      readonly busy: () => Error;
      readonly threads?: number;
      readonly queueLimit?: number;
      /** A thread's heap, at most: a task that needs more fails alone, and the server lives on. */
      readonly maxHeapMb?: number;
      /** Tasks a thread runs at once (1 unless told): more only for tasks that mostly wait on something else. */
      readonly tasksPerThread?: number;
      /** Threads, once started, are kept until the pool closes: for threads that keep something worth keeping. */
      readonly keepThreads?: boolean;
    },
  ) {
    this.queueLimit = Math.max(1, options.queueLimit ?? WORKER_QUEUE_LIMIT);
    this.busy = options.busy;
    // Threads start when work arrives and, unless kept, stop after a few seconds idle: an idle
    // server holds none, nor the garbage their heaps kept.
    this.pool = new Piscina({
      filename,
      minThreads: 0,
      maxThreads: Math.max(1, options.threads ?? availableParallelism()),
      maxQueue: this.queueLimit,
      idleTimeout: options.keepThreads ? Infinity : 10_000,
      concurrentTasksPerWorker: Math.max(1, options.tasksPerThread ?? 1),
      ...(options.maxHeapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } }),
    });
  }

  async run(task: Task): Promise<Result> {
    if (this.pool.queueSize >= this.queueLimit) throw this.busy();
    try {
      return await this.pool.run(task);
    } catch (error) {
      if (/queue is at limit/i.test((error as Error).message)) throw this.busy();
      throw error;
    }
  }

  /** Whether any thread has been started (and not stopped). */
  get started(): boolean {
    return this.pool.threads.length > 0;
  }

  async close(): Promise<void> {
    await this.pool.close({ force: true });
  }
}

/**
 * The compiled worker module beside this one, when the server runs from its build; undefined when it
 * runs from TypeScript source (the tests run in process), where a thread could not load it. Callers
 * then do the same work in process.
 */
export function compiledWorker(directory: string, name: string): string | undefined {
  const file = join(directory, `${name}.js`);
  return existsSync(file) ? file : undefined;
}
