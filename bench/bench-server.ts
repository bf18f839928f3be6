// The server under benchmark: a store (PGlite in memory, or a scratch PostgreSQL database from
// DATABASE_URL) with the benchmark event imported (bench/event-doc.ts), and the real server over
// it with its limits lifted, not yet listening (bench/server-child.ts, bench/state-handler-cost.ts).
import type { FastifyInstance } from "fastify";
import type { EventState } from "../shared/api/event-state.js";
import { importIntoEvent } from "../shared/schedule/ptgbot-import-event.js";
import { loadEventState } from "../shared/store/event-state.js";
import { buildServer } from "../server/app.js";
import { openTestStore, type TestStore } from "../test/support/stores.js";
import { benchEventDoc } from "./event-doc.js";

export const BENCH_SLUG = "DEN-ptg";

export interface BenchServer {
  store: TestStore;
  app: FastifyInstance;
  /** The event's state as imported. */
  state: EventState;
  trackNames: readonly string[];
}

export async function benchServer(
  kind: "pglite" | "postgres",
  tracks: number,
): Promise<BenchServer> {
  const { doc, trackNames } = benchEventDoc(tracks);
  const store = await openTestStore(kind);
  await importIntoEvent(store.db, BENCH_SLUG, doc);
  const state = await loadEventState(store.db, BENCH_SLUG);
  if (state === undefined) throw new Error("the benchmark event did not import");
  const app = await buildServer({
    store,
    config: { publicUrl: "http://127.0.0.1" },
    limits: { streamsPerClient: 1_000_000, streamConnectsPerWindow: 0 },
  });
  return { store, app, state, trackNames };
}
