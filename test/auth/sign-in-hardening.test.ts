// Sign-in against homeservers that misbehave, over real HTTP: a small Node HTTP server answers
// the federation `/openid/userinfo` as a hostile or slow homeserver would, and the real server
// (mapped to it by PTG_MATRIX_SERVERS) signs in. A body sent too slowly is a 502 within the time
// limit; a `sub` that is not a Matrix user id (NUL, markup, bidi, too long) is a 401; nothing is
// stored for either; a token signs in once. Real Synapse tokens: test/bot/widget-session.test.ts.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer } from "../../server/app.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";

const LIMIT_MS = 1_500;
/** What the stand-in homeserver says for each access token. */
const SUBS: Record<string, string> = {
  nul: "@a\u0000b:hostile.test",
  html: "@<img/src=x/onerror=alert(1)>:hostile.test",
  htmlbidi: "@<img/src=x/onerror=alert(1)>\u202e:hostile.test",
  bidi: "@ann\u202egro:hostile.test",
  long: `@${"a".repeat(250)}:hostile.test`,
  upper: "@Ann:hostile.test",
  good: "@ann:hostile.test",
  good2: "@ann:hostile.test",
};

let homeserver: Server;
let baseUrl = "";

beforeAll(async () => {
  homeserver = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://x");
    const token = url.searchParams.get("access_token") ?? "";
    if (url.pathname !== "/_matrix/federation/v1/openid/userinfo") {
      response.writeHead(404).end();
      return;
    }
    if (token === "slow") {
      // Headers at once, then one byte every 0.5 s: never a whole body in time.
      response.writeHead(200, { "content-type": "application/json" });
      response.flushHeaders();
      const body = JSON.stringify({ sub: "@ann:hostile.test" });
      let i = 0;
      const timer = setInterval(() => {
        if (i >= body.length || response.destroyed) {
          clearInterval(timer);
          response.end();
          return;
        }
        response.write(body[i++]);
      }, 500);
      response.on("close", () => {
        clearInterval(timer);
      });
      return;
    }
    const sub = SUBS[token];
    if (sub === undefined) {
      response.writeHead(401, { "content-type": "application/json" }).end("{}");
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sub }));
  });
  await new Promise<void>((resolve) => homeserver.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${String((homeserver.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  homeserver.closeAllConnections();
  await new Promise((resolve) => homeserver.close(resolve));
});

const errorOf = (response: LightMyRequestResponse) =>
  response.json<{ error: { code: string; message: string } }>().error;

describe.each(storeKinds())("sign-in hardening on %s", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await openTestStore(kind);
    app = await buildServer({
      store,
      config: {
        publicUrl: "https://ptg.example.org",
        matrixServers: new Map([["hostile.test", baseUrl]]),
      },
      widgetAuth: { homeserverTimeoutMs: LIMIT_MS },
    });
  });

  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const signIn = (accessToken: string, extra: Record<string, unknown> = {}) =>
    app.inject({
      method: "POST",
      url: "/api/v1/sessions",
      payload: { access_token: accessToken, matrix_server_name: "hostile.test", ...extra },
    });
  const stored = async () => ({
    sessions: (await store.db.selectFrom("widget_sessions").selectAll().execute()).length,
    used: (await store.db.selectFrom("openid_tokens_used").selectAll().execute()).length,
  });

  it("answers a homeserver that sends its body too slowly with 502 within the time limit", async () => {
    const before = await stored();
    const started = performance.now();
    const response = await signIn("slow");
    const took = performance.now() - started;
    expect(response.statusCode).toBe(502);
    expect(errorOf(response)).toEqual({
      code: "homeserver_unreachable",
      message: "The homeserver of hostile.test did not answer within 1.5 s",
    });
    expect(took).toBeGreaterThanOrEqual(LIMIT_MS - 50);
    expect(took).toBeLessThan(LIMIT_MS + 1_000);
    expect(await stored()).toEqual(before);
  });

  it.each(["nul", "html", "htmlbidi", "bidi", "long", "upper"])(
    "refuses a `sub` that is no Matrix user id (%s) with 401, storing nothing",
    async (token) => {
      const before = await stored();
      const response = await signIn(token);
      expect(response.statusCode).toBe(401);
      expect(errorOf(response)).toEqual({
        code: "unauthorized",
        message: "The homeserver of hostile.test gave an invalid user id",
      });
      expect(await stored()).toEqual(before);
    },
  );

  it("accepts a good `sub` once: the same OpenID token again is 401", async () => {
    const first = await signIn("good", { expires_in: 3600 });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<{ userId: string }>().userId).toBe("@ann:hostile.test");
    const before = await stored();
    const again = await signIn("good");
    expect(again.statusCode).toBe(401);
    expect(errorOf(again)).toEqual({
      code: "unauthorized",
      message: "This OpenID token was used already; ask for a new one",
    });
    expect(await stored()).toEqual(before);
    // Another token of the same user is another sign-in.
    expect((await signIn("good2")).statusCode).toBe(201);
  });

  it.each([
    ["per connecting address: behind a proxy, one limit for everyone", false],
    ["per forwarded address with PTG_TRUST_PROXY", true],
  ])("limits sign-ins %s", async (_label, trustProxy) => {
    const limited = await buildServer({
      store,
      config: {
        publicUrl: "https://ptg.example.org",
        matrixServers: new Map([["hostile.test", baseUrl]]),
      },
      trustProxy,
      widgetAuth: { signInsPerWindow: 2 },
    });
    try {
      const from = (client: string) =>
        limited.inject({
          method: "POST",
          url: "/api/v1/sessions",
          remoteAddress: "10.0.0.1",
          headers: { "x-forwarded-for": client },
          payload: { access_token: "unknown", matrix_server_name: "hostile.test" },
        });
      expect((await from("203.0.113.1")).statusCode).toBe(401);
      expect((await from("203.0.113.1")).statusCode).toBe(401);
      expect((await from("203.0.113.1")).statusCode).toBe(429);
      // Another client behind the same proxy.
      expect((await from("203.0.113.2")).statusCode).toBe(trustProxy ? 401 : 429);
    } finally {
      await limited.close();
    }
  });

  it("refuses an unknown body field with 400 naming it", async () => {
    const response = await signIn("good", { user_id: "@admin:hostile.test" });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      code: "bad_request",
      message: 'Unknown field "user_id" in the body',
    });
  });
});
