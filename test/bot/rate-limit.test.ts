// matrix-bot-sdk 0.7.1 does not retry a 429 by itself; the bot's client does, after the wait
// the homeserver asks for.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { LogService, MatrixClient } from "matrix-bot-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimitWaitMs } from "../../bot/sync/rate-limit.js";
import { DatabaseStorageProvider } from "../../bot/sync/storage.js";
import { BotMatrixClient } from "../../bot/sync/sync-client.js";
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { recordingLog } from "./support.js";

/** A database that must not be touched: a plain request does not use the bot's storage. */
const unusedDb = new Proxy(Object.create(null) as object, {
  get: () => {
    throw new Error("the database was used");
  },
}) as Kysely<Database>;

describe("rate limits", () => {
  let server: Server;
  let baseUrl = "";
  let hits: number[] = [];

  beforeAll(async () => {
    LogService.muteModule("MatrixHttpClient"); // it logs every 429 it sees
    server = createServer((request, response) => {
      hits.push(Date.now());
      response.setHeader("content-type", "application/json");
      if (hits.length % 2 === 1) {
        response.statusCode = 429;
        response.end(
          JSON.stringify({ errcode: "M_LIMIT_EXCEEDED", error: "Too many", retry_after_ms: 150 }),
        );
      } else {
        response.end(JSON.stringify({ ok: request.url }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it("the SDK alone gives up at the first 429", async () => {
    hits = [];
    const plain = new MatrixClient(baseUrl, "token");
    const error: unknown = await plain
      .doRequest("GET", "/_matrix/client/v3/x")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      statusCode: 429,
      errcode: "M_LIMIT_EXCEEDED",
      retryAfterMs: 150,
    });
    expect(hits).toHaveLength(1);
  });

  it("the bot's client waits as asked, then retries", async () => {
    hits = [];
    const log = recordingLog();
    const client = new BotMatrixClient(baseUrl, "token", {
      // Never touched by a plain request.
      storage: new DatabaseStorageProvider(unusedDb, "@bot:example.org"),
      log,
      userId: "@bot:example.org",
      timelineLimit: 10,
      onBatch: () => Promise.resolve(),
    });
    const result = await client.doRequest("GET", "/_matrix/client/v3/x");
    expect(result).toEqual({ ok: "/_matrix/client/v3/x" });
    expect(hits).toHaveLength(2);
    expect((hits[1] ?? 0) - (hits[0] ?? 0)).toBeGreaterThanOrEqual(140);
    expect(log.lines.some((l) => l.includes("retry 1 in 150 ms"))).toBe(true);
  });

  it("reads the wait from the body, a Retry-After header, or backs off", () => {
    expect(rateLimitWaitMs({ statusCode: 429, retryAfterMs: 1200 }, 0)).toBe(1200);
    expect(rateLimitWaitMs({ statusCode: 429, headers: { "retry-after": "3" } }, 0)).toBe(3000);
    expect(rateLimitWaitMs({ statusCode: 429 }, 2)).toBe(2000);
    expect(rateLimitWaitMs({ statusCode: 403, errcode: "M_FORBIDDEN" }, 0)).toBeNull();
    expect(rateLimitWaitMs(new Error("ECONNREFUSED"), 0)).toBeNull();
  });
});
