import autocannon from 'autocannon';

/** What the bench asks of one load run; passed as JSON in the first argument. */
export interface LoadPlan {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly requests: number;
  readonly clients: number;
  /** The first contract's number: every request registers a reference of its own, as a duplicate is refused. */
  readonly offset: number;
}

/** What one load run measured, printed as one line of JSON. */
export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers other than 2xx, connection errors and timeouts: the bench fails unless all are 0. */
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Record<string, number>;
}

export const contract = (i: number) => ({
  reference: `B-${i}`,
  supplier: 'Carefirst Ltd',
  title: 'Case management system licences',
  annualValue: 120000,
  expiryDate: '2028-03-31',
  mechanism: 'novate',
});

/**
 * The HTTP load, in a process of its own so that generating it takes nothing from the server's
 * core and is not capped by a client sharing an event loop with the measurement: autocannon,
 * `clients` keep-alive connections each sending its next POST when the last is answered, until
 * `requests` have been answered.
 */
async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2]) as LoadPlan;
  let next = plan.offset;
  const options: autocannon.Options = {
    url: plan.url,
    connections: plan.clients,
    pipelining: 1,
    amount: plan.requests,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { ...plan.headers, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: JSON.stringify(contract(next++)) }),
      },
    ],
  };
  // autocannon's own start and finish are only as fine as its once-a-second tick: timed here
  // instead, from the first request to the last answer.
  const started = performance.now();
  let lastAnswer = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', () => (lastAnswer = performance.now()));
  });
  const seconds = (lastAnswer - started) / 1000;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count ?? 0]));
  const out: LoadResult = {
    requests: result['2xx'] + result.non2xx,
    seconds,
    perSecond: result['2xx'] / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (require.main === module) {
  void main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
