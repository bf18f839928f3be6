// The server's benchmarks: `bench/run.sh` (or `npx tsx bench/run.ts`).
//   (a) state endpoint vs a bare Fastify route serving the same bytes (autocannon)
//   (b) fan-out of one change to many live-stream clients, and the server's memory
// Options: --only state|fanout, --connections 100, --duration 10, --clients 5000,
//          --batch 250, --resume (fan-out clients skip the initial state)
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { ServerChild } from "./child.js";
import { fanout, type FanoutReport } from "./fanout.js";
import { stateThroughput, type ThroughputReport } from "./state-throughput.js";

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    connections: { type: "string", default: "100" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    rounds: { type: "string", default: "4" },
    clients: { type: "string", default: "5000" },
    batch: { type: "string", default: "250" },
    resume: { type: "boolean", default: false },
  },
});

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const verdict = (ok: boolean): string => (ok ? "ok" : "MISSED");

function openFileLimit(): number {
  try {
    return Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim());
  } catch {
    return NaN;
  }
}

function printThroughput(r: ThroughputReport): void {
  console.log(`\n(a) GET /api/v1/events/:slug, ${r.stateBytes} bytes of JSON`);
  const row = (name: string, f: ThroughputReport["state"]): void => {
    console.log(
      `  ${name.padEnd(22)} ${f.requestsPerSecond.toFixed(0).padStart(7)} req/s  ` +
        `${mb(f.bytesPerSecond)}/s  p50 ${f.p50Ms} ms  p99 ${f.p99Ms} ms` +
        (f.errors + f.non2xx > 0 ? `  errors ${f.errors} non-2xx ${f.non2xx}` : ""),
    );
  };
  row("state endpoint", r.state);
  row("plain Fastify + Buffer", r.plain);
  console.log(
    `  ratio ${r.ratio.toFixed(2)} (target >= 0.8: ${verdict(r.ratio >= 0.8)}); ` +
      `per round: ${r.rounds.map((x) => x.toFixed(2)).join(" ")}`,
  );
  console.log(
    `  p99 ${r.state.p99Ms} ms (target < 10 ms: ${verdict(r.state.p99Ms < 10)}; ` +
      `the baseline's: ${r.plain.p99Ms} ms)`,
  );
}

function printFanout(r: FanoutReport): void {
  console.log(`\n(b) fan-out: ${r.connected}/${r.clients} live streams`);
  console.log(`  connected in ${r.connectSeconds.toFixed(1)} s`);
  console.log(`  command applied in ${ms(r.commandMs)} (in the server process)`);
  console.log(
    `  change received: first ${ms(r.firstMs)}, median ${ms(r.medianMs)}, ` +
      `p99 ${ms(r.p99Ms)}, last ${ms(r.lastMs)} after the command was sent` +
      (r.missing > 0 ? `; ${r.missing} clients never got it` : ""),
  );
  console.log(
    `  server RSS: idle ${mb(r.rssIdleBytes)}, with streams ${mb(r.rssConnectedBytes)}, ` +
      `after the change ${mb(r.rssAfterBytes)}`,
  );
  const peak = Math.max(r.rssConnectedBytes, r.rssAfterBytes);
  console.log(`  RSS added by the streams: ${mb(peak - r.rssIdleBytes)}`);
  console.log(`  last client within 1 s: ${verdict(r.lastMs < 1000 && r.missing === 0)}`);
  console.log(`  RSS < 300 MB: ${verdict(peak < 300 * 1024 * 1024)}`);
}

const only = values.only;
if (only !== undefined && only !== "state" && only !== "fanout") {
  throw new Error("--only takes state or fanout");
}

if (only !== "fanout") {
  const server = await ServerChild.start({ plain: true });
  try {
    console.log(`server: ${server.ready.url} (store: ${server.ready.store})`);
    printThroughput(
      await stateThroughput(server, {
        connections: positive("connections", values.connections),
        durationSeconds: positive("duration", values.duration),
        warmupSeconds: positive("warmup", values.warmup),
        rounds: Math.max(1, positive("rounds", values.rounds)),
      }),
    );
  } finally {
    await server.stop();
  }
}

if (only !== "state") {
  let clients = positive("clients", values.clients);
  const limit = openFileLimit();
  if (Number.isFinite(limit) && limit < clients + 200) {
    console.log(`\nopen-file limit ${limit} < ${clients} clients: run bench/run.sh to raise it`);
    clients = Math.max(1, limit - 200);
  }
  // A fresh server process, so that its memory reflects the streams only.
  const server = await ServerChild.start({ plain: false });
  if (server.ready.store === "pglite") {
    console.log(
      "\nnote: the store is embedded PGlite, whose WebAssembly heap (~600 MB) is part of the " +
        "server's RSS; set DATABASE_URL to measure the server alone",
    );
  }
  try {
    printFanout(
      await fanout(server, {
        clients,
        connectBatch: Math.max(1, positive("batch", values.batch)),
        withState: !values.resume,
      }),
    );
  } finally {
    await server.stop();
  }
}
