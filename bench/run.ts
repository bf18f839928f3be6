// The server's benchmarks, side by side in one run: `bench/run.sh` (or `npm run bench`).
//   (a) state endpoint vs a bare Fastify route serving the same bytes (autocannon)
//   (b) page bytes on the wire at first load, 44 and 200 tracks (Chromium)
//   (c) commands per second at 44, 200 and 500 tracks with a live page open, PGlite and
//       PostgreSQL, one after the other, and at 200 tracks from --in-flight rooms at once
//   (d) start to ready, and idle memory (the compiled server)
//   (e) fan-out of one change to many live streams (only with --only fanout)
//   (f) import of a 1,000-talk schedule.json in 30 rooms on PGlite (schedule-import.ts)
//   (g) FOSDEM size, only with --scale fosdem|quick (fosdem.ts, fosdem-report.ts): a real
//       Synapse on PostgreSQL, the bot, 10,000 viewers, 5,000 followers told, cold starts, ~trackrooms
//       create (lifted and under the default limits)
// PostgreSQL figures need DATABASE_URL (a scratch database is created and dropped).
// Options: --only state|page|commands|start|fanout|schedule, --connections 100, --duration 10,
//          --rounds 4, --cpu-requests 20000, --commands 500, --in-flight 16, --tracks 44,200,500
//          (commands), --store pglite|postgres (only that one), --clients 5000, --batch 250,
//          --resume
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { ServerChild } from "./child.js";
import { commandRate, type CommandRateReport } from "./command-rate.js";
import { fanout, type FanoutReport } from "./fanout.js";
import { runFosdem } from "./fosdem-report.js";
import { scaleNamed } from "./fosdem-scale.js";
import { describeMachine, loadAverage } from "./machine.js";
import { pageBytes, type PageBytesReport } from "./page-bytes.js";
import { scheduleImport } from "./schedule-import.js";
import type { StoreKind } from "./protocol.js";
import { startToReady, type StartReport } from "./start-ready.js";
import { stateThroughput, type ThroughputReport } from "./state-throughput.js";

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    store: { type: "string" },
    connections: { type: "string", default: "100" },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "2" },
    rounds: { type: "string", default: "4" },
    "cpu-requests": { type: "string", default: "20000" },
    commands: { type: "string", default: "500" },
    "in-flight": { type: "string", default: "16" },
    tracks: { type: "string", default: "44,200,500" },
    clients: { type: "string", default: "5000" },
    batch: { type: "string", default: "250" },
    resume: { type: "boolean", default: false },
    scale: { type: "string" },
    // --scale only: Synapse with this many event persisters (0: one process), and the bot's
    // PTG_MATRIX_SENDS_IN_FLIGHT (default: its own default)
    "synapse-workers": { type: "string", default: "0" },
    "sends-in-flight": { type: "string" },
    "synapse-log-level": { type: "string", default: "WARNING" },
  },
});

const SECTIONS = ["state", "page", "commands", "start", "fanout", "schedule"] as const;
type Section = (typeof SECTIONS)[number];
const only = values.only;
if (only !== undefined && !SECTIONS.includes(only as Section)) {
  throw new Error(`--only takes ${SECTIONS.join(", ")}`);
}
const scale = values.scale === undefined ? null : scaleNamed(values.scale);
const runs = (section: Section): boolean =>
  scale === null && (only === undefined ? section !== "fanout" : only === section);

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
}

const adminUrl = process.env.DATABASE_URL ?? null;
const stores = (adminUrl === null ? ["pglite"] : ["pglite", "postgres"]).filter(
  (kind): kind is StoreKind => values.store === undefined || values.store === kind,
);
if (stores.length === 0) throw new Error(`--store ${values.store ?? ""}: no such store here`);
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const verdict = (ok: boolean): string => (ok ? "ok" : "MISSED");
const targets: string[] = [];
function target(what: string, ok: boolean): void {
  targets.push(`  ${verdict(ok).padEnd(6)} ${what}`);
}

function openFileLimit(): number {
  try {
    return Number(execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim());
  } catch {
    return NaN;
  }
}

function printThroughput(r: ThroughputReport): void {
  console.log(
    `\n(a) GET /api/v1/events/:slug, Accept-Encoding: ${r.encoding} (${r.stateBytes} bytes of JSON)`,
  );
  const row = (name: string, f: ThroughputReport["state"]): void => {
    console.log(
      `  ${name.padEnd(22)} ${f.requestsPerSecond.toFixed(0).padStart(7)} req/s  ` +
        `${mb(f.bytesPerSecond)}/s  p50 ${String(f.p50Ms)} ms  p99 ${String(f.p99Ms)} ms` +
        (f.errors + f.non2xx > 0 ? `  errors ${String(f.errors)} non-2xx ${String(f.non2xx)}` : ""),
    );
  };
  row("state endpoint", r.state);
  row("plain Fastify + Buffer", r.plain);
  console.log(
    `  ratio ${r.ratio.toFixed(2)} (median of rounds ${r.medianRatio.toFixed(2)}); ` +
      `per round: ${r.rounds.map((x) => x.toFixed(2)).join(" ")}`,
  );
  target(
    `state endpoint ≥ 0.9× the plain route (${r.encoding}, median round): ` +
      r.medianRatio.toFixed(2),
    r.medianRatio >= 0.9,
  );
  if (r.cpu !== null) {
    console.log(
      `  server CPU per request: state ${r.cpu.stateMicros.toFixed(1)} µs, ` +
        `plain ${r.cpu.plainMicros.toFixed(1)} µs; ratio ${r.cpu.ratio.toFixed(2)} ` +
        `(per round: ${r.cpu.rounds.map((x) => x.toFixed(2)).join(" ")})`,
    );
    target(
      `state endpoint's CPU per request ≤ 1/0.9 of the plain route's (${r.encoding}): ` +
        r.cpu.ratio.toFixed(2),
      r.cpu.ratio >= 0.9,
    );
  }
}

/** First-load budgets on the wire, by the event's number of tracks (issue 23). */
const PAGE_BUDGETS = [
  { tracks: 44, bytes: 25_600 },
  { tracks: 200, bytes: 40_000 },
] as const;

function printPage(r: PageBytesReport, tracks: number, budget: number): void {
  console.log(
    `\n(b) first load of /events/DEN-ptg (${String(tracks)} tracks) in Chromium, bytes on the wire`,
  );
  for (const res of r.resources) {
    console.log(`  ${kb(res.bytes).padStart(9)}  ${res.encoding.padEnd(8)} ${res.path}`);
  }
  console.log(
    `  ${kb(r.totalBytes).padStart(9)}  total (headers included): ${String(r.totalBytes)} bytes`,
  );
  target(
    `first load ≤ ${String(budget)} bytes on the wire at ${String(tracks)} tracks: ` +
      String(r.totalBytes),
    r.totalBytes <= budget,
  );
}

function printCommands(rows: { store: StoreKind; tracks: number; r: CommandRateReport }[]): void {
  console.log("\n(c) chat commands with a live page following");
  console.log(
    "  store     tracks  rooms at once   cmd/s (page has it)   cmd/s (committed)   server CPU/cmd" +
      "   database CPU/cmd",
  );
  for (const { store, tracks, r } of rows) {
    console.log(
      `  ${store.padEnd(9)} ${String(tracks).padStart(6)}  ${String(r.inFlight).padStart(13)}   ` +
        `${r.perSecond.toFixed(0).padStart(19)}   ${r.appliedPerSecond.toFixed(0).padStart(17)}   ` +
        ms(r.cpuMsPerCommand).padStart(14) +
        `   ${(r.dbCpuMsPerCommand === null ? "in process" : ms(r.dbCpuMsPerCommand)).padStart(16)}`,
    );
  }
  const rate = (store: StoreKind, tracks: number, sequential: boolean): number | undefined =>
    rows.find(
      (x) => x.store === store && x.tracks === tracks && (x.r.inFlight === 1) === sequential,
    )?.r.perSecond;
  for (const store of stores) {
    const small = rate(store, 44, true);
    const big = rate(store, 500, true);
    if (small !== undefined && big !== undefined) {
      const ratio = big / small;
      console.log(`  ${store}: 500 tracks at ${ratio.toFixed(2)}× the rate at 44`);
      target(
        `${store}: cmd/s at 500 tracks within 20% of 44 tracks: ${ratio.toFixed(2)}×`,
        ratio >= 0.8,
      );
    }
    const concurrent = rate(store, 200, false);
    if (store === "postgres" && concurrent !== undefined) {
      target(
        `postgres: ≥ 500 cmd/s at 200 tracks, rooms at once: ${concurrent.toFixed(0)}/s`,
        concurrent >= 500,
      );
    }
  }
}

function printStart(reports: StartReport[]): void {
  console.log(
    "\n(d) compiled server (node dist/bin/ptg.js start --only server): start to ready (its CPU time), idle RSS",
  );
  for (const r of reports) {
    console.log(
      `  ${r.store.padEnd(9)} new database: ready in ${ms(r.first.readyMs)} (CPU ${ms(r.first.readyCpuMs)}), idle ${mb(r.first.idleRssBytes)}; ` +
        `started again: ready in ${ms(r.again.readyMs)} (CPU ${ms(r.again.readyCpuMs)}), idle ${mb(r.again.idleRssBytes)}`,
    );
    const limit = r.store === "pglite" ? 300 : 120;
    const rss = Math.max(r.first.idleRssBytes, r.again.idleRssBytes);
    target(
      `${r.store}: idle memory ≤ ${String(limit)} MB: ${mb(rss)} (worst of both starts)`,
      rss <= limit * 1024 * 1024,
    );
    if (r.store === "pglite") {
      target(
        `pglite: start to ready ≤ 1 s (existing database): ${ms(r.again.readyMs)}`,
        r.again.readyMs <= 1000,
      );
    } else {
      const slower = Math.max(r.first.readyMs, r.again.readyMs);
      target(
        `postgres: start to ready ≤ 1 s: ${ms(slower)} (slower of both starts)`,
        slower <= 1000,
      );
    }
  }
}

function printFanout(r: FanoutReport): void {
  console.log(`\n(e) fan-out: ${String(r.connected)}/${String(r.clients)} live streams`);
  console.log(`  connected in ${r.connectSeconds.toFixed(1)} s`);
  console.log(`  command applied in ${ms(r.commandMs)} (in the server process)`);
  console.log(
    `  change received: first ${ms(r.firstMs)}, median ${ms(r.medianMs)}, ` +
      `p99 ${ms(r.p99Ms)}, last ${ms(r.lastMs)} after the command was sent` +
      (r.missing > 0 ? `; ${String(r.missing)} clients never got it` : ""),
  );
  const peak = Math.max(r.rssConnectedBytes, r.rssAfterBytes);
  console.log(
    `  server RSS: idle ${mb(r.rssIdleBytes)}, with streams ${mb(r.rssConnectedBytes)}, ` +
      `after the change ${mb(r.rssAfterBytes)} (added by the streams: ${mb(peak - r.rssIdleBytes)})`,
  );
  target(`fan-out: last client within 1 s: ${ms(r.lastMs)}`, r.lastMs < 1000 && r.missing === 0);
}

console.log(`machine: ${describeMachine()}`);
if (adminUrl === null) console.log("DATABASE_URL is not set: PGlite figures only");

if (runs("state")) {
  const server = await ServerChild.start({ plain: true, store: "pglite", tracks: 44 });
  try {
    for (const encoding of ["identity", "br"] as const) {
      printThroughput(
        await stateThroughput(server, {
          connections: positive("connections", values.connections),
          durationSeconds: positive("duration", values.duration),
          warmupSeconds: positive("warmup", values.warmup),
          rounds: Math.max(1, positive("rounds", values.rounds)),
          encoding,
          cpuRequests: positive("cpu-requests", values["cpu-requests"]),
        }),
      );
    }
  } finally {
    await server.stop();
  }
}

if (runs("page")) {
  for (const { tracks, bytes } of PAGE_BUDGETS) {
    const server = await ServerChild.start({ plain: false, store: "pglite", tracks });
    try {
      printPage(await pageBytes(server.ready.url, server.ready.slug), tracks, bytes);
    } finally {
      await server.stop();
    }
  }
}

if (runs("commands")) {
  const rows: { store: StoreKind; tracks: number; r: CommandRateReport }[] = [];
  const commands = positive("commands", values.commands);
  const inFlight = Math.max(1, positive("in-flight", values["in-flight"]));
  for (const store of stores) {
    for (const tracks of values.tracks.split(",").map((t) => positive("tracks", t))) {
      const server = await ServerChild.start({ plain: false, store, tracks });
      try {
        rows.push({ store, tracks, r: await commandRate(server, commands) });
        if (tracks === 200 && inFlight > 1) {
          rows.push({ store, tracks, r: await commandRate(server, commands, inFlight) });
        }
      } finally {
        await server.stop();
      }
    }
  }
  printCommands(rows);
}

if (runs("start")) {
  const reports: StartReport[] = [];
  for (const store of stores) reports.push(await startToReady(store, adminUrl));
  printStart(reports);
}

if (runs("fanout")) {
  let clients = positive("clients", values.clients);
  const limit = openFileLimit();
  if (Number.isFinite(limit) && limit < clients + 200) {
    console.log(
      `\nopen-file limit ${String(limit)} < ${String(clients)} clients: run bench/run.sh to raise it`,
    );
    clients = Math.max(1, limit - 200);
  }
  const store: StoreKind = adminUrl === null ? "pglite" : "postgres";
  const server = await ServerChild.start({ plain: false, store, tracks: 44 });
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

if (runs("schedule")) {
  const r = await scheduleImport();
  console.log(
    `\n(f) schedule import: ${String(r.talks)} talks in ${String(r.rooms)} rooms on PGlite`,
  );
  console.log(`  first import ${ms(r.firstMs)} (${r.firstReply})`);
  console.log(`  re-import    ${ms(r.againMs)} (${r.againReply})`);
  target(
    `pglite: 1,000-talk import < 5 s: ${ms(Math.max(r.firstMs, r.againMs))}`,
    Math.max(r.firstMs, r.againMs) < 5000,
  );
}

if (scale !== null) {
  if (adminUrl === null) throw new Error("--scale needs DATABASE_URL (the bot runs on PostgreSQL)");
  const sendsInFlight = values["sends-in-flight"];
  targets.push(
    ...(await runFosdem(scale, adminUrl, {
      synapseWorkers: Number(values["synapse-workers"]),
      synapseLogLevel: values["synapse-log-level"] === "INFO" ? "INFO" : "WARNING",
      ...(sendsInFlight === undefined ? {} : { sendsInFlight: Number(sendsInFlight) }),
    })),
  );
}

console.log(`\ntargets (load average at the end: ${loadAverage()})`);
for (const line of targets) console.log(line);
