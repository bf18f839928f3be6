// The server under benchmark, in its own process so that its memory is measured alone.
// Opens a store (PGlite in memory, or a scratch PostgreSQL database when DATABASE_URL is set),
// imports the PTGbot fixture, starts the real server (limits lifted) and, when asked, a bare
// Fastify route serving a pre-serialized Buffer of the same size. Driven over IPC.
import { readFileSync } from "node:fs";
import Fastify from "fastify";
import { runCommand } from "../shared/commands/execute.js";
import { importIntoEvent } from "../shared/ptgbot/import-event.js";
import { loadEventState } from "../shared/store/event-state.js";
import { buildServer } from "../server/app.js";
import { openTestStore } from "../test/support/stores.js";
import { isToChild, type FromChild } from "./protocol.js";

const SLUG = "DEN-ptg";
const FIXTURE = new URL("../test/fixtures/ptgbot-base.json", import.meta.url);

function send(message: FromChild): void {
  process.send?.(message);
}

const plain = process.argv.includes("--plain");
const store = await openTestStore(process.env.DATABASE_URL ? "postgres" : "pglite");
await importIntoEvent(store.db, SLUG, JSON.parse(readFileSync(FIXTURE, "utf8")) as unknown);
const state = await loadEventState(store.db, SLUG);
if (state === undefined) throw new Error("the fixture did not import");

const app = await buildServer({
  store,
  config: { publicUrl: "http://127.0.0.1" },
  limits: {
    streamsPerClient: 1_000_000,
    streamConnectsPerWindow: 0,
  },
});
const url = await app.listen({ host: "127.0.0.1", port: 0, backlog: 4096 });

let plainUrl: string | null = null;
const baseline = Fastify();
if (plain) {
  const body = Buffer.from(JSON.stringify(state));
  baseline.get("/plain", (_request, reply) => {
    void reply.type("application/json; charset=utf-8").send(body);
  });
  plainUrl = await baseline.listen({ host: "127.0.0.1", port: 0 });
}

let counter = 0;
process.on("message", (message: unknown) => {
  if (!isToChild(message)) return;
  void (async () => {
    try {
      if (message.type === "apply") {
        const started = performance.now();
        const outcome = await runCommand(
          store.db,
          {
            messageId: `$bench-${process.pid}-${++counter}`,
            eventSlug: SLUG,
            chatRoomId: null,
            venue: "event-room",
            actor: { id: "@bench:test", nick: "bench", powerLevel: 100 },
            text: message.text,
          },
          { helpUrl: "http://127.0.0.1/help" },
        );
        if (outcome.status !== "done" || outcome.version === null) {
          throw new Error(`the command changed nothing: ${JSON.stringify(outcome)}`);
        }
        send({ type: "applied", version: outcome.version, ms: performance.now() - started });
      } else if (message.type === "rss") {
        const metrics = await app.inject("/metrics");
        const open = /^sse_streams_open (\d+)$/m.exec(metrics.body)?.[1] ?? "0";
        send({ type: "rss", rss: process.memoryUsage.rss(), streams: Number(open) });
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
