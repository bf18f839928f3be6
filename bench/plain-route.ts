// The baseline of the state endpoint's benchmarks: a bare Fastify route serving pre-serialized
// Buffers of the same bytes, identity or brotli as asked (bench/server-child.ts,
// bench/state-handler-cost.ts).
import Fastify, { type FastifyInstance } from "fastify";
import type { EventState } from "../shared/api/event-state.js";
import { brotli } from "../server/plugins/content-coding.js";

export const PLAIN_PATH = "/plain";

/** A Fastify instance with nothing but GET /plain, serving `state` as the state endpoint would. */
export function plainServer(state: EventState): FastifyInstance {
  const baseline = Fastify();
  const body = Buffer.from(JSON.stringify(state));
  const br = brotli(body);
  baseline.get(PLAIN_PATH, (request, reply) => {
    void reply.type("application/json; charset=utf-8");
    if (request.headers["accept-encoding"]?.includes("br") === true) {
      void reply.header("content-encoding", "br").send(br);
    } else {
      void reply.send(body);
    }
  });
  return baseline;
}
