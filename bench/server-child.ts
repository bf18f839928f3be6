// The server under benchmark, in its own process so that its memory is measured alone.
// Opens a store (PGlite in memory, or a scratch PostgreSQL database from DATABASE_URL), imports
// the benchmark event (bench/event-doc.ts), starts the real server (limits lifted) and, when
// asked, a bare Fastify route serving pre-serialized Buffers of the same bytes. Driven over IPC.
// Usage: server-child.ts --store pglite|postgres --tracks 44 [--plain]
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { runCommand } from "../shared/commands/execute.js";
import { BENCH_SLUG, benchServer } from "./bench-server.js";
import { plainServer } from "./plain-route.js";
import { cpuSeconds } from "./process-cpu.js";
import { isToChild, type FromChild } from "./protocol.js";

const SLUG = BENCH_SLUG;

function send(message: FromChild): void {
  process.send?.(message);
}

const { values } = parseArgs({
  options: {
    plain: { type: "boolean", default: false },
    store: { type: "string", default: "pglite" },
    tracks: { type: "string", default: "44" },
  },
});
const kind = values.store === "postgres" ? "postgres" : "pglite";
const { store, app, state, trackNames } = await benchServer(kind, Number(values.tracks));
const url = await app.listen({ host: "127.0.0.1", port: 0, backlog: 4096 });

let plainUrl: string | null = null;
// The same bytes the state endpoint sends, identity and brotli, from a bare route.
const baseline = plainServer(state);
if (values.plain) plainUrl = await baseline.listen({ host: "127.0.0.1", port: 0 });

let counter = 0;
async function apply(text: string, room: string): Promise<number> {
  const outcome = await runCommand(
    store.db,
    {
      messageId: `$bench-${process.pid}-${++counter}`,
      eventSlug: SLUG,
      chatRoomId: room,
      venue: "event-room",
      actor: { id: "@bench:test", nick: "bench", powerLevel: 100 },
      text,
      // As the bot does: the reply goes through the outbox (nobody delivers it here).
      replyTo: { kind: "matrix.room", roomId: room, to: null },
    },
    { helpUrl: "http://127.0.0.1/help" },
  );
  if (outcome.status !== "done" || outcome.version === null) {
    throw new Error(`the command changed nothing: ${JSON.stringify(outcome)}`);
  }
  return outcome.version;
}

/**
 * `count` commands spread over the tracks, said in `inFlight` chat rooms at once: room r says
 * commands r, r + inFlight, …, one after the other, as a room's would come.
 */
async function burst(count: number, inFlight: number): Promise<number> {
  let version = 0;
  const room = async (r: number): Promise<void> => {
    for (let i = r; i < count; i += inFlight) {
      const track = trackNames[i % trackNames.length] ?? "nova";
      const text = `#${track} now benchmark topic ${String(i)}`;
      version = Math.max(version, await apply(text, `!bench-${String(r)}:test`));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, r) => room(r)));
  return version;
}

/**
 * CPU seconds used so far by the PostgreSQL backends serving this database (the pool's and the
 * listener's connections; PostgreSQL runs on this machine), by backend pid; null on PGlite.
 */
async function databaseCpu(): Promise<Map<number, number> | null> {
  if (store.kind !== "postgres") return null;
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(store.db);
  return new Map(rows.map(({ pid }) => [pid, cpuSeconds(pid)]));
}

/** The backends' CPU between two readings, in ms (a backend that started between counts whole). */
function databaseCpuMs(before: Map<number, number> | null, after: Map<number, number> | null) {
  if (before === null || after === null) return null;
  let seconds = 0;
  for (const [pid, used] of after) {
    if (Number.isFinite(used)) seconds += used - (before.get(pid) ?? 0);
  }
  return seconds * 1000;
}

process.on("message", (message: unknown) => {
  if (!isToChild(message)) return;
  void (async () => {
    try {
      if (message.type === "apply") {
        const started = performance.now();
        const version = await apply(message.text, "!bench:test");
        send({ type: "applied", version, ms: performance.now() - started });
      } else if (message.type === "burst") {
        const dbBefore = await databaseCpu();
        const cpu = process.cpuUsage();
        const started = performance.now();
        const version = await burst(message.count, Math.max(1, message.inFlight ?? 1));
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpu);
        const dbCpuMs = databaseCpuMs(dbBefore, await databaseCpu());
        send({ type: "burst-done", version, ms, cpuMs: (used.user + used.system) / 1000, dbCpuMs });
      } else if (message.type === "rss") {
        const metrics = await app.inject("/metrics");
        const open = /^sse_streams_open (\d+)$/m.exec(metrics.body)?.[1] ?? "0";
        send({ type: "rss", rss: process.memoryUsage.rss(), streams: Number(open) });
      } else if (message.type === "cpu") {
        const used = process.cpuUsage();
        send({ type: "cpu", micros: used.user + used.system });
      } else {
        await app.close();
        await baseline.close();
        await store.close();
        process.exit(0);
      }
    } catch (error) {
      send({ type: "error", message: error instanceof Error ? error.message : String(error) });
    }
  })();
});

send({
  type: "ready",
  url,
  plainUrl,
  slug: SLUG,
  version: state.version,
  stateBytes: Buffer.byteLength(JSON.stringify(state)),
  store: store.kind,
});
