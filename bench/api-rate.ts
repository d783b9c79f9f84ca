/**
 * API-rate bench: how close the SDK's `HttpClient` gets to a source's allowed request
 * rate without tripping it. The HubSpot mock enforces `requests` per `perMs` (sliding
 * window, real 429s with Retry-After); the client is given the same limit as its
 * `profile.rate`. Workers call a cheap endpoint (`GET /crm/v3/objects/companies?limit=1`)
 * for a fixed duration, a whole number of windows, so the most the server can grant is
 * exactly `windows × requests`.
 *
 * Baseline in the same run: the same client and requests with no `profile.rate`
 * (retries and Retry-After still on), against a fresh mock — the 429s the budget prevents.
 *
 * DESIGN target: ≥ 95 % of the allowed rate with zero 429s.
 *
 * @example
 * ```sh
 * npx tsx bench/api-rate.ts --requests 50 --per-ms 2000 --duration-ms 10000
 * ```
 */
import { silentLogger } from '../core/index.js';
import { createHttpClient, type HttpClient } from '../connectors/sdk/index.js';
import { hubspotFixturesFromPopulation } from '../sandbox/hubspot/fixtures.js';
import { startHubspotMock } from '../sandbox/hubspot/server.js';
import { generatePopulation } from '../sandbox/world/index.js';
import { integerFlags, isMain, round, runAsScript } from './lib/harness.js';

export interface ApiRateOptions {
  /** Requests the source allows per window (default 50). */
  readonly requests?: number;
  /** Window length in ms (default 2000). */
  readonly perMs?: number;
  /** How long each phase drives requests; rounded up to whole windows (default 10,000). */
  readonly durationMs?: number;
  /** Requests in flight, as the HubSpot connector's profile (default 4). */
  readonly concurrency?: number;
}

/** One phase: the budgeted client or the baseline without a budget. */
export interface ApiRatePhase {
  readonly budget: boolean;
  /** 2xx responses received within the duration. */
  readonly succeeded: number;
  readonly achievedPerSec: number;
  /** achievedPerSec ÷ allowed rate, in %. */
  readonly achievedPct: number;
  /** 429s the client received (its own count) … */
  readonly rateLimited429: number;
  /** … and the ones the mock sent (the two should agree). */
  readonly server429: number;
  readonly retries: number;
  /** Requests that failed for good (gave up after retries), not counting those cut off at the deadline. */
  readonly failedRequests: number;
  readonly attemptsByStatus: Readonly<Record<string, number>>;
}

export interface ApiRateResult {
  readonly bench: 'api-rate';
  readonly target: string;
  readonly params: {
    readonly requests: number;
    readonly perMs: number;
    readonly durationMs: number;
    readonly windows: number;
    readonly concurrency: number;
    readonly endpoint: string;
    readonly allowedPerSec: number;
  };
  readonly ours: ApiRatePhase;
  readonly baseline: ApiRatePhase;
  readonly meetsTarget: boolean;
}

const TOKEN = 'pat-bench-0000';
const ENDPOINT = '/crm/v3/objects/companies';

async function runPhase(
  budget: boolean,
  o: Required<ApiRateOptions>,
  fixtures: ReturnType<typeof hubspotFixturesFromPopulation>,
): Promise<ApiRatePhase> {
  const mock = await startHubspotMock({ fixtures, accessToken: TOKEN, rateLimit: { requests: o.requests, perMs: o.perMs } });
  const stop = new AbortController();
  const http: HttpClient = createHttpClient({
    source: 'hubspot',
    profile: {
      baseURL: mock.url,
      headers: { Authorization: `Bearer ${TOKEN}` },
      concurrency: o.concurrency,
      ...(budget ? { rate: { requests: o.requests, perMs: o.perMs } } : {}),
    },
    log: silentLogger(),
    signal: stop.signal,
  });
  let succeeded = 0;
  let failedRequests = 0;
  try {
    const started = performance.now();
    const deadline = started + o.durationMs;
    const timer = setTimeout(() => stop.abort(new Error('bench duration over')), o.durationMs);
    // Twice the concurrency in workers keeps the client's own queue full: the client, not the bench, sets the pace.
    const worker = async () => {
      while (!stop.signal.aborted) {
        try {
          await http.get(ENDPOINT, { params: { limit: 1 } });
          if (performance.now() <= deadline) succeeded++;
        } catch {
          if (!stop.signal.aborted) failedRequests++;
        }
      }
    };
    await Promise.all(Array.from({ length: o.concurrency * 2 }, worker));
    clearTimeout(timer);
  } finally {
    await mock.close();
  }
  const allowedPerSec = o.requests / (o.perMs / 1000);
  const achievedPerSec = succeeded / (o.durationMs / 1000);
  return {
    budget,
    succeeded,
    achievedPerSec: round(achievedPerSec, 2),
    achievedPct: round((achievedPerSec / allowedPerSec) * 100, 1),
    rateLimited429: http.stats.rateLimited,
    server429: mock.requests.filter((r) => r.status === 429).length,
    retries: http.stats.retries,
    failedRequests,
    attemptsByStatus: { ...http.stats.byStatus },
  };
}

export async function runApiRateBench(options: ApiRateOptions = {}): Promise<ApiRateResult> {
  const requests = options.requests ?? 50;
  const perMs = options.perMs ?? 2000;
  const windows = Math.max(1, Math.ceil((options.durationMs ?? 10_000) / perMs));
  const o: Required<ApiRateOptions> = { requests, perMs, durationMs: windows * perMs, concurrency: options.concurrency ?? 4 };
  const fixtures = hubspotFixturesFromPopulation(generatePopulation({ seed: 42, people: 100 }));
  const ours = await runPhase(true, o, fixtures);
  const baseline = await runPhase(false, o, fixtures);
  return {
    bench: 'api-rate',
    target: '>= 95% of the allowed request rate with zero 429s (ours)',
    params: {
      requests,
      perMs,
      durationMs: o.durationMs,
      windows,
      concurrency: o.concurrency,
      endpoint: `GET ${ENDPOINT}?limit=1`,
      allowedPerSec: round(requests / (perMs / 1000), 2),
    },
    ours,
    baseline,
    meetsTarget: ours.achievedPct >= 95 && ours.rateLimited429 === 0 && ours.failedRequests === 0,
  };
}

if (isMain(import.meta.url)) {
  const f = integerFlags(process.argv.slice(2), { requests: 50, 'per-ms': 2000, 'duration-ms': 10_000, concurrency: 4 });
  runAsScript(() => runApiRateBench({ requests: f.requests, perMs: f['per-ms'], durationMs: f['duration-ms'], concurrency: f.concurrency }));
}
