// Liveness and readiness: /healthz answers while the process runs; /readyz also needs the
// store to be ready (database reachable, schema up to date) and to answer `select 1` now. A
// 503 says why in words safe for anyone (no host names, no SQL): "The database is not
// reachable (ECONNREFUSED)"; the log has the details.
import type { FastifyPluginCallback, LogLevel } from "fastify";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { unreachableMessage } from "../../shared/db/connection-errors.js";
import { HttpError } from "../http/errors.js";
import { errorSchema } from "../schemas/common.js";
import { HealthStatusSchema } from "../schemas/health.js";

const READY_TIMEOUT_MS = 2_000;

async function ping(db: Kysely<Database>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error("timed out"));
    }, READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthOptions {
  db: Kysely<Database>;
  /** What the store still waits for, or null when it is ready (Store.waitingFor). */
  waitingFor?: () => string | null;
  /** The level of these routes' request logs (probes every few seconds; see probeLogLevel). */
  logLevel?: LogLevel;
}

export const healthRoutes: FastifyPluginCallback<HealthOptions> = (
  app,
  { db, waitingFor, logLevel = "warn" },
  done,
) => {
  app.get(
    "/healthz",
    {
      logLevel, // probes every few seconds would drown the log
      schema: {
        tags: ["operations"],
        summary: "Liveness: the process is running",
        response: { 200: HealthStatusSchema },
      },
    },
    (_request, reply) => {
      void reply.header("cache-control", "no-store").send({ status: "ok" });
    },
  );
  app.get(
    "/readyz",
    {
      logLevel,
      schema: {
        tags: ["operations"],
        summary: "Readiness: the database answers",
        response: { 200: HealthStatusSchema, 503: errorSchema },
      },
    },
    async (_request, reply) => {
      const waiting = waitingFor?.() ?? null;
      if (waiting !== null) throw new HttpError(503, "not_ready", waiting);
      try {
        await ping(db);
      } catch (error) {
        throw new HttpError(503, "not_ready", unreachableMessage(error));
      }
      return reply.header("cache-control", "no-store").send({ status: "ready" });
    },
  );
  done();
};
