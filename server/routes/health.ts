// Liveness and readiness: /healthz answers while the process runs; /readyz also needs the
// database to answer `select 1`.
import type { FastifyPluginCallback } from "fastify";
import { sql, type Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { HttpError } from "../errors.js";
import { errorSchema } from "../schemas/common.js";

const READY_TIMEOUT_MS = 2_000;

const statusSchema = {
  type: "object",
  required: ["status"],
  properties: { status: { type: "string" } },
} as const;

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

export const healthRoutes: FastifyPluginCallback<{ db: Kysely<Database> }> = (
  app,
  { db },
  done,
) => {
  app.get(
    "/healthz",
    {
      schema: {
        tags: ["operations"],
        summary: "Liveness: the process is running",
        response: { 200: statusSchema },
      },
    },
    (_request, reply) => {
      void reply.header("cache-control", "no-store").send({ status: "ok" });
    },
  );
  app.get(
    "/readyz",
    {
      schema: {
        tags: ["operations"],
        summary: "Readiness: the database answers",
        response: { 200: statusSchema, 503: errorSchema },
      },
    },
    async (_request, reply) => {
      try {
        await ping(db);
      } catch {
        throw new HttpError(503, "not_ready", "The database is not reachable");
      }
      return reply.header("cache-control", "no-store").send({ status: "ready" });
    },
  );
  done();
};
