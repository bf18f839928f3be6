import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toErrorResponse } from "../../server/http/errors.js";
import { runCommand } from "../../shared/commands/execute.js";
import { CONTENT_SECURITY_POLICY } from "../../server/http/security-headers.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { openTestStore } from "../support/stores.js";
import { serverFor, SLUG, storeWithFixture } from "./support.js";

// (As helmet writes it: directives separated by `;` alone.)
const CSP =
  "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;" +
  "connect-src 'self';frame-ancestors *;base-uri 'none';form-action 'none'";

describe.each(storeKinds())("operations, pages and errors (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let widgetDir: string;

  beforeAll(async () => {
    widgetDir = mkdtempSync(path.join(tmpdir(), "ptg-widget-"));
    mkdirSync(path.join(widgetDir, "assets"));
    writeFileSync(
      path.join(widgetDir, "index.html"),
      '<!doctype html><title>PTG</title><script type="module" src="/widget/assets/app.js"></script>',
    );
    writeFileSync(path.join(widgetDir, "assets", "app.js"), "console.log('widget');\n");
    store = await storeWithFixture(kind);
    app = await serverFor(store, { widgetDir });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(widgetDir, { recursive: true, force: true });
  });

  it("reports liveness and readiness", async () => {
    const health = await app.inject("/healthz");
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: "ok" });
    const ready = await app.inject("/readyz");
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready" });
  });

  it("exposes Prometheus metrics in the text format", async () => {
    await app.inject(`/api/v1/events/${SLUG}`);
    await app.inject("/api/v1/events/nobody");
    await app.inject("/no/such/route");
    const res = await app.inject("/metrics");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = res.body;
    expect(text.endsWith("\n")).toBe(true);
    const sample =
      /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? (?:-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|Nan|[+-]Inf)$/; // prom-client writes NaN as "Nan" (parsers ignore case)
    const types = new Map<string, string>();
    for (const line of text.trimEnd().split("\n")) {
      const typeLine = /^# TYPE (\S+) (counter|gauge|histogram)$/.exec(line);
      if (typeLine?.[1] !== undefined && typeLine[2] !== undefined) {
        types.set(typeLine[1], typeLine[2]);
        continue;
      }
      if (line.startsWith("# HELP ") || line === "") continue; // blank lines are allowed
      expect(line).toMatch(sample);
    }
    expect(types.get("http_requests_total")).toBe("counter");
    expect(types.get("http_request_duration_seconds")).toBe("histogram");
    expect(types.get("sse_streams_open")).toBe("gauge");
    expect(types.get("change_feed_reloads_total")).toBe("counter");
    expect(types.get("process_resident_memory_bytes")).toBe("gauge");
    expect(types.get("nodejs_eventloop_lag_seconds")).toBe("gauge");
    expect(types.get("ptg_commands_total")).toBe("counter");
    expect(types.get("ptg_delivery_seconds")).toBe("histogram");
    expect(types.get("ptg_outbox_undelivered")).toBe("gauge");
    expect(text).toContain(
      'http_requests_total{method="GET",route="/api/v1/events/:slug",status="200"} ',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="/api/v1/events/:slug",status="404"} 1',
    );
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/api\/v1\/events\/:slug"\} [1-9]\d*/,
    );
    expect(text).toMatch(/^sse_streams_open 0$/m);
    expect(text).toMatch(/^change_feed_reloads_total [1-9]\d*$/m);
  });

  it("counts commands by kind and result, and the outbox, in /metrics", async () => {
    const sample = async (pattern: RegExp): Promise<number> => {
      const text = (await app.inject("/metrics")).body;
      const match = pattern.exec(text);
      return match?.[1] === undefined ? 0 : Number(match[1]);
    };
    const counter =
      /^ptg_commands_total\{kind="admin\.motdAdd",result="ok",source="console"\} (\d+)$/m;
    const before = await sample(counter);
    const outcome = await runCommand(
      store.db,
      {
        messageId: `$metrics-${Date.now()}`,
        eventSlug: SLUG,
        chatRoomId: "console",
        venue: "event-room",
        actor: { id: "console:admin", nick: "admin", powerLevel: 100 },
        text: "~motd add info counted",
        replyTo: { kind: "console", session: "metrics-test", nick: "admin" },
      },
      { helpUrl: "http://ptg.test/help" },
    );
    expect(outcome).toMatchObject({ status: "done", result: "ok" });
    expect(await sample(counter)).toBe(before + 1);
    // Its reply waits in the outbox for the console session (nobody reads it here).
    expect(await sample(/^ptg_outbox_undelivered (\d+)$/m)).toBeGreaterThanOrEqual(1);
  });

  it("serves the widget with a CSP that lets Matrix clients frame it", async () => {
    const res = await app.inject("/widget/?event=DEN-ptg&theme=dark");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.body).toContain("<title>PTG</title>");
    expect(res.headers["content-security-policy"]).toBe(CSP);
    expect(CONTENT_SECURITY_POLICY).toBe(CSP);
    expect(res.headers["x-frame-options"]).toBeUndefined();
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");

    const asset = await app.inject("/widget/assets/app.js");
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(asset.headers["cache-control"]).toBe("max-age=31536000, immutable");

    const bare = await app.inject("/widget?event=DEN-ptg");
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe("/widget/?event=DEN-ptg");

    const missing = await app.inject("/widget/assets/nothing.js");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("serves the event's public page: the widget's page, with the CSP", async () => {
    const res = await app.inject(`/events/${SLUG}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("<title>PTG</title>");
    expect(res.headers["content-security-policy"]).toBe(CSP);
    expect(res.headers["x-frame-options"]).toBeUndefined();
    const unknown = await app.inject("/events/no-such-event");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: "event_not_found" } });
  });

  it("says how to build the widget when it is not built", async () => {
    const unbuilt = await serverFor(store, { widgetDir: path.join(widgetDir, "missing") });
    try {
      for (const url of ["/widget/", `/events/${SLUG}`]) {
        const res = await unbuilt.inject(url);
        expect(res.statusCode).toBe(503);
        expect(res.headers["content-type"]).toMatch(/^text\/html/);
        expect(res.body).toContain("vite build");
        expect(res.headers["content-security-policy"]).toBe(CSP);
      }
    } finally {
      await unbuilt.close();
    }
  });

  it("serves the help page listing the chat commands", async () => {
    const res = await app.inject("/help");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["content-security-policy"]).toBe(CSP);
    for (const command of ["#TRACK now", "+in", "+seen", "~motd add", "~fetchdb", "~widget"]) {
      expect(res.body).toContain(command);
    }
    const css = await app.inject("/help.css");
    expect(css.statusCode).toBe(200);
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("documents the API with OpenAPI", async () => {
    const res = await app.inject("/docs/json");
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    for (const route of [
      "/api/v1/events/{slug}",
      "/api/v1/events/{slug}/stream",
      "/events/{slug}/ptg.json",
      "/events/{slug}/ical",
      "/healthz",
      "/readyz",
      "/metrics",
    ]) {
      expect(Object.keys(doc.paths)).toContain(route);
    }
    const ui = await app.inject("/docs");
    expect([200, 302]).toContain(ui.statusCode);
    expect(ui.headers["content-security-policy"]).toContain("script-src 'self';");
  });

  it("answers unknown routes with a JSON 404", async () => {
    const res = await app.inject("/no/such/route");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: "not_found", message: "Nothing at GET /no/such/route" },
    });
    // A known path asked with another method: 405 (test/server/http-errors.test.ts).
    const post = await app.inject({ method: "POST", url: `/api/v1/events/${SLUG}` });
    expect(post.statusCode).toBe(405);
    expect(post.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });
});

describe("when the database is gone", () => {
  it("is alive but not ready, and says so without details", async () => {
    const store = await openTestStore("pglite");
    const app = await serverFor(store);
    try {
      await store.close();
      const health = await app.inject("/healthz");
      expect(health.statusCode).toBe(200);
      const ready = await app.inject("/readyz");
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        error: { code: "not_ready", message: "The database is not reachable" },
      });
      const state = await app.inject("/api/v1/events/anything");
      expect(state.statusCode).toBe(503);
      const body = state.json<{ error: { code: string; message: string } }>();
      expect(body.error.code).toBe("unavailable");
      expect(state.body).not.toMatch(/kysely|pglite|destroy|stack/i);
    } finally {
      await app.close();
    }
  });

  it("never puts an internal error's message in a 500", () => {
    const { status, body } = toErrorResponse(new Error("relation secret_table does not exist"));
    expect(status).toBe(500);
    expect(body.error.code).toBe("internal");
    expect(JSON.stringify(body)).not.toContain("secret_table");
  });
});
