// Messages between the benchmark driver (bench/run.ts) and the server child (bench/server-child.ts).

export type StoreKind = "pglite" | "postgres";

export interface ChildOptions {
  /** Serve a plain Fastify baseline too (for the throughput comparison). */
  plain: boolean;
  store: StoreKind;
  /** Tracks in the event (the fixture's 44, or more generated ones). */
  tracks: number;
}

export type ToChild =
  | { type: "apply"; text: string }
  /** `count` commands over the tracks; `inFlight` of them at once (default 1: one after the other). */
  | { type: "burst"; count: number; inFlight?: number }
  | { type: "rss" }
  | { type: "cpu" }
  | { type: "stop" };

export type FromChild =
  | {
      type: "ready";
      /** The real server, e.g. http://127.0.0.1:41234 */
      url: string;
      /** The baseline server, when asked for. */
      plainUrl: string | null;
      slug: string;
      version: number;
      stateBytes: number;
      store: string;
    }
  | { type: "applied"; version: number; ms: number }
  | {
      type: "burst-done";
      /** The version the last command brought. */
      version: number;
      ms: number;
      /** CPU time of the server process during the burst (user + system). */
      cpuMs: number;
      /**
       * CPU time of the PostgreSQL backends serving this database during the burst (from /proc,
       * the server being local), null on PGlite (it runs in the server process).
       */
      dbCpuMs: number | null;
    }
  | { type: "rss"; rss: number; streams: number }
  /** The server process's CPU time so far (user + system), in microseconds. */
  | { type: "cpu"; micros: number }
  | { type: "error"; message: string };

export function isFromChild(value: unknown): value is FromChild {
  return typeof value === "object" && value !== null && "type" in value;
}

export function isToChild(value: unknown): value is ToChild {
  return typeof value === "object" && value !== null && "type" in value;
}
