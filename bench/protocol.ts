// Messages between the benchmark driver (bench/run.ts) and the server child (bench/server-child.ts).

export interface ChildOptions {
  /** Serve a plain Fastify baseline too (for the throughput comparison). */
  plain: boolean;
}

export type ToChild = { type: "apply"; text: string } | { type: "rss" } | { type: "stop" };

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
  | { type: "rss"; rss: number; streams: number }
  | { type: "error"; message: string };

export function isFromChild(value: unknown): value is FromChild {
  return typeof value === "object" && value !== null && "type" in value;
}

export function isToChild(value: unknown): value is ToChild {
  return typeof value === "object" && value !== null && "type" in value;
}
