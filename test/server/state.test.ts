import { gunzipSync } from "node:zlib";
import type { KyselyPlugin } from "kysely";
import { describe, expect, it, vi } from "vitest";
import type { EventState } from "../../shared/api/event-state.js";
import { storeKinds } from "../support/stores.js";
import { command, serverFor, SLUG, UNTIL_SEEN, useFixtureServer } from "./support.js";

describe.each(storeKinds())("GET /api/v1/events/:slug (%s)", (kind) => {
  const served = useFixtureServer(kind);

  it("serves the event's state with a version ETag and CORS", async () => {
    const res = await served.app.inject(`/api/v1/events/${SLUG}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const state = res.json<EventState>();
    expect(state.slug).toBe(SLUG);
    expect(state.tracks.map((t) => t.name)).toContain("nova");
    expect(state.rooms.map((r) => r.name)).toContain("Ballroom A");
    expect(res.headers.etag).toBe(`"${SLUG}-${state.version}"`);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["access-control-expose-headers"]).toBe("ETag");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    // Headers that change nothing for a JSON body are left out (security-headers.ts).
    expect(res.headers["referrer-policy"]).toBeUndefined();
    expect(res.headers["cross-origin-resource-policy"]).toBeUndefined();
  });

  it("sends HSTS when served over https", async () => {
    const app = await serverFor(served.store, { config: { publicUrl: "https://ptg.test" } });
    try {
      const res = await app.inject(`/api/v1/events/${SLUG}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers["strict-transport-security"]).toMatch(/^max-age=\d+/);
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
    } finally {
      await app.close();
    }
  });

  it("negotiates each Accept-Encoding value the same way, however many are seen", async () => {
    const url = `/api/v1/events/${SLUG}`;
    const codingOf = async (acceptEncoding: string): Promise<string | undefined> => {
      const res = await served.app.inject({ url, headers: { "accept-encoding": acceptEncoding } });
      expect(res.statusCode).toBe(200);
      const coding = res.headers["content-encoding"];
      return typeof coding === "string" ? coding : undefined;
    };
    // More distinct values than the route remembers, each asked twice (the second from memory).
    for (let i = 0; i < 70; i++) {
      for (let again = 0; again < 2; again++) {
        expect(await codingOf(`gzip;q=0.${String((i % 9) + 1)}, x-${String(i)}`)).toBe("gzip");
        expect(await codingOf(`BR, x-${String(i)}`)).toBe("br");
        expect(await codingOf(`br;q=0, x-${String(i)}`)).toBeUndefined();
      }
    }
    expect(await codingOf("")).toBeUndefined();
  });

  it("answers 304 to a current If-None-Match, and 200 once the event changed", async () => {
    const first = await served.app.inject(`/api/v1/events/${SLUG}`);
    const etag = first.headers.etag;
    expect(typeof etag).toBe("string");
    const again = await served.app.inject({
      url: `/api/v1/events/${SLUG}`,
      headers: { "if-none-match": String(etag) },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    expect(again.headers.etag).toBe(etag);

    const listed = await served.app.inject({
      url: `/api/v1/events/${SLUG}`,
      headers: { "if-none-match": `"other", W/${String(etag)}` },
    });
    expect(listed.statusCode).toBe(304);

    const version = await command(served.store, "~motd add info Welcome to the PTG");
    const changed = await vi.waitFor(async () => {
      const res = await served.app.inject({
        url: `/api/v1/events/${SLUG}`,
        headers: { "if-none-match": String(etag) },
      });
      expect(res.statusCode).toBe(200); // the new version
      return res;
    }, UNTIL_SEEN);
    expect(changed.headers.etag).toBe(`"${SLUG}-${version}"`);
    expect(changed.json<EventState>().banners).toEqual([
      { level: "info", message: "Welcome to the PTG" },
    ]);
  });

  it("serves repeated reads from the cache, without a query", async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    };
    const counted = await serverFor(
      { ...served.store, db: served.store.db.withPlugin(counting) },
      { verifyIntervalMs: 0 },
    );
    try {
      const a = await counted.inject(`/api/v1/events/${SLUG}`);
      expect(a.statusCode).toBe(200);
      const afterFirst = queries;
      expect(afterFirst).toBeGreaterThan(0);
      for (let i = 0; i < 5; i++) {
        const b = await counted.inject(`/api/v1/events/${SLUG}`);
        expect(b.body).toBe(a.body);
        expect(b.headers.etag).toBe(a.headers.etag);
      }
      expect(queries).toBe(afterFirst);
    } finally {
      await counted.close();
    }
  });

  it("gzips on request, with its own ETag for the same version", async () => {
    const plain = await served.app.inject(`/api/v1/events/${SLUG}`);
    const res = await served.app.inject({
      url: `/api/v1/events/${SLUG}`,
      headers: { "accept-encoding": "gzip, deflate" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers.vary).toBe("Accept-Encoding");
    expect(gunzipSync(res.rawPayload).toString("utf8")).toBe(plain.body);
    expect(res.headers.etag).toBe(String(plain.headers.etag).replace(/"$/, '-gzip"'));
    const notModified = await served.app.inject({
      url: `/api/v1/events/${SLUG}`,
      headers: { "accept-encoding": "gzip", "if-none-match": String(res.headers.etag) },
    });
    expect(notModified.statusCode).toBe(304);
  });

  it("answers 404 with a JSON error for an unknown event", async () => {
    const res = await served.app.inject("/api/v1/events/no-such-event");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: "event_not_found", message: "There is no event 'no-such-event'" },
    });
  });

  it("answers 400 with a JSON error for a malformed slug", async () => {
    const res = await served.app.inject("/api/v1/events/bad%20slug!");
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/slug/);
  });

  it("answers CORS preflights", async () => {
    const res = await served.app.inject({ method: "OPTIONS", url: `/api/v1/events/${SLUG}` });
    expect(res.statusCode).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    expect(res.headers["access-control-allow-headers"]).toMatch(/If-None-Match/);
    // Registered where no hook sets them: the route writes the security headers itself.
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
  });

  it("answers HEAD with the head of each coding and no body", async () => {
    for (const coding of ["identity", "br", "gzip"]) {
      const url = `/api/v1/events/${SLUG}`;
      const headers = { "accept-encoding": coding };
      const get = await served.app.inject({ url, headers });
      const head = await served.app.inject({ method: "HEAD", url, headers });
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe("");
      expect(head.headers.etag).toBe(get.headers.etag);
      expect(head.headers["content-length"]).toBe(String(get.rawPayload.length));
      expect(head.headers["content-encoding"]).toBe(get.headers["content-encoding"]);
      expect(head.headers["x-content-type-options"]).toBe("nosniff");
    }
  });

  it("counts its answers in /metrics, errors and 304s too", async () => {
    const count = async (status: number, method = "GET"): Promise<number> => {
      const text = (await served.app.inject("/metrics")).body;
      const line = `http_requests_total{method="${method}",route="/api/v1/events/:slug",status="${String(status)}"} `;
      const at = text.indexOf(line);
      return at < 0 ? 0 : Number.parseInt(text.slice(at + line.length), 10);
    };
    const before = {
      ok: await count(200),
      notModified: await count(304),
      bad: await count(400),
      missing: await count(404),
      head: await count(200, "HEAD"),
    };
    const first = await served.app.inject(`/api/v1/events/${SLUG}`);
    await served.app.inject({
      url: `/api/v1/events/${SLUG}`,
      headers: { "if-none-match": String(first.headers.etag) },
    });
    await served.app.inject("/api/v1/events/bad%20slug!");
    await served.app.inject("/api/v1/events/nobody");
    await served.app.inject({ method: "HEAD", url: `/api/v1/events/${SLUG}` });
    expect(await count(200)).toBe(before.ok + 1);
    expect(await count(304)).toBe(before.notModified + 1);
    expect(await count(400)).toBe(before.bad + 1);
    expect(await count(404)).toBe(before.missing + 1);
    expect(await count(200, "HEAD")).toBe(before.head + 1);
  });
});
