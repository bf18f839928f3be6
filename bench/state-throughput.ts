// (a) GET /api/v1/events/:slug under autocannon, against a bare Fastify route serving a
// pre-serialized Buffer of the same bytes, in the same run: uncompressed, or in brotli as
// browsers ask for it.
import autocannon from "autocannon";
import type { ServerChild } from "./child.js";
import { PLAIN_PATH } from "./plain-route.js";

export interface ThroughputOptions {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Alternating rounds the duration is split into. */
  rounds: number;
  /** What the clients accept: the whole JSON, or brotli (as browsers do). */
  encoding: "identity" | "br";
  /** Requests per target and round of the CPU-time pass (0: no such pass). */
  cpuRequests: number;
}

export interface ThroughputFigures {
  requestsPerSecond: number;
  bytesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface ThroughputReport {
  encoding: "identity" | "br";
  stateBytes: number;
  state: ThroughputFigures;
  plain: ThroughputFigures;
  /** Mean throughput of the state endpoint over the plain route's. */
  ratio: number;
  /** The median of the rounds' ratios: what the target is checked on (robust to one bad round). */
  medianRatio: number;
  /** The ratio in each round (spread = noise). */
  rounds: number[];
  /**
   * The server process's CPU time per request (user + system, µs), over a fixed number of
   * requests per round: unlike requests per second, it hardly moves when other work shares the
   * machine. Null when not measured.
   */
  cpu: CpuFigures | null;
}

export interface CpuFigures {
  stateMicros: number;
  plainMicros: number;
  /** The plain route's CPU time per request over the state endpoint's (≥ 0.9 is the target). */
  ratio: number;
  /** The ratio in each round. */
  rounds: number[];
}

/** The server's CPU time (µs) spent while `amount` requests are answered. */
async function cpuPerRequest(
  server: ServerChild,
  url: string,
  connections: number,
  amount: number,
  encoding: string,
): Promise<number> {
  const headers = { "accept-encoding": encoding };
  const before = await server.ask({ type: "cpu" }, "cpu");
  const result = await autocannon({ url, connections, amount, headers });
  const after = await server.ask({ type: "cpu" }, "cpu");
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${url} failed under load`);
  return (after.micros - before.micros) / result.requests.total;
}

async function cpuFigures(
  server: ServerChild,
  urls: { state: string; plain: string },
  options: ThroughputOptions,
): Promise<CpuFigures | null> {
  const { connections, cpuRequests, rounds, encoding } = options;
  if (cpuRequests === 0) return null;
  const measure = (url: string) => cpuPerRequest(server, url, connections, cpuRequests, encoding);
  const state: number[] = [];
  const plain: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      plain.push(await measure(urls.plain));
      state.push(await measure(urls.state));
    } else {
      state.push(await measure(urls.state));
      plain.push(await measure(urls.plain));
    }
  }
  const stateMicros = median(state);
  const plainMicros = median(plain);
  return {
    stateMicros,
    plainMicros,
    ratio: plainMicros / stateMicros,
    rounds: state.map((s, i) => (plain[i] ?? NaN) / s),
  };
}

async function load(
  url: string,
  connections: number,
  seconds: number,
  encoding: string,
): Promise<ThroughputFigures> {
  const headers = { "accept-encoding": encoding };
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    requestsPerSecond: result.requests.average,
    bytesPerSecond: result.throughput.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export async function stateThroughput(
  server: ServerChild,
  options: ThroughputOptions,
): Promise<ThroughputReport> {
  const { url, plainUrl, slug, stateBytes } = server.ready;
  if (plainUrl === null) throw new Error("the server child has no baseline route");
  const stateUrl = `${url}/api/v1/events/${encodeURIComponent(slug)}`;
  const baselineUrl = `${plainUrl}${PLAIN_PATH}`;
  const { connections, durationSeconds, warmupSeconds, rounds, encoding } = options;
  const run = (target: string, seconds: number) => load(target, connections, seconds, encoding);
  if (warmupSeconds > 0) {
    await run(baselineUrl, warmupSeconds);
    await run(stateUrl, warmupSeconds);
  }
  // Short alternating rounds, so that drift (CPU frequency, other load on the machine)
  // hits both alike.
  const segment = Math.max(1, Math.round(durationSeconds / rounds));
  const stateRuns: ThroughputFigures[] = [];
  const plainRuns: ThroughputFigures[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      plainRuns.push(await run(baselineUrl, segment));
      stateRuns.push(await run(stateUrl, segment));
    } else {
      stateRuns.push(await run(stateUrl, segment));
      plainRuns.push(await run(baselineUrl, segment));
    }
  }
  const state = merge(stateRuns);
  const plain = merge(plainRuns);
  const cpu = await cpuFigures(server, { state: stateUrl, plain: baselineUrl }, options);
  const roundRatios = stateRuns.map(
    (s, i) => s.requestsPerSecond / (plainRuns[i]?.requestsPerSecond ?? NaN),
  );
  return {
    encoding,
    stateBytes,
    state,
    plain,
    ratio: state.requestsPerSecond / plain.requestsPerSecond,
    medianRatio: median(roundRatios),
    rounds: roundRatios,
    cpu,
  };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

/** Mean throughput over the rounds; the median round's latencies. */
function merge(runs: ThroughputFigures[]): ThroughputFigures {
  return {
    requestsPerSecond: runs.reduce((s, r) => s + r.requestsPerSecond, 0) / runs.length,
    bytesPerSecond: runs.reduce((s, r) => s + r.bytesPerSecond, 0) / runs.length,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
  };
}
