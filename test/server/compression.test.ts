// What crosses the wire compressed: the widget's files (precompressed at build time, sent with
// their Content-Encoding), the state, ptg.json and the calendars (compressed once per version).
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { DEFAULT_WIDGET_DIR } from "../../server/http/options.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { serverFor, SLUG, storeWithFixture } from "./support.js";

const DECODERS: Record<string, (body: Buffer) => Buffer> = {
  br: brotliDecompressSync,
  gzip: gunzipSync,
};

/** The response body, decoded according to its Content-Encoding (which must be `coding`). */
function decoded(res: LightMyRequestResponse, coding: "br" | "gzip"): Buffer {
  expect(res.headers["content-encoding"]).toBe(coding);
  const decode = DECODERS[coding];
  if (decode === undefined) throw new Error(`no decoder for ${coding}`);
  return decode(res.rawPayload);
}

function widgetFile(relative: string): Buffer {
  return readFileSync(path.join(DEFAULT_WIDGET_DIR, relative));
}

describe.each(storeKinds())("compressed responses (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let assets: string[];

  beforeAll(async () => {
    if (!existsSync(path.join(DEFAULT_WIDGET_DIR, "index.html.br"))) {
      throw new Error("No precompressed widget build: run `npm run build:widget` first");
    }
    assets = [
      ...widgetFile("index.html")
        .toString("utf8")
        .matchAll(/(?:src|href)="\/widget\/([^"]+)"/g),
    ]
      .map((m) => m[1] ?? "")
      .filter((a) => a.endsWith(".js") || a.endsWith(".css"));
    store = await storeWithFixture(kind);
    app = await serverFor(store);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("sends the widget's page and assets precompressed, in the coding the browser accepts", async () => {
    expect(assets.length).toBeGreaterThan(0);
    const page = await app.inject({ url: "/widget/", headers: { "accept-encoding": "gzip, br" } });
    expect(page.statusCode).toBe(200);
    expect(page.headers.vary).toMatch(/accept-encoding/i);
    expect(decoded(page, "br")).toEqual(widgetFile("index.html"));
    const eventPage = await app.inject({
      url: `/events/${SLUG}`,
      headers: { "accept-encoding": "gzip" },
    });
    expect(decoded(eventPage, "gzip")).toEqual(widgetFile("index.html"));

    for (const asset of assets) {
      const url = `/widget/${asset}`;
      const original = widgetFile(asset);
      const br = await app.inject({ url, headers: { "accept-encoding": "gzip, deflate, br" } });
      expect(br.statusCode).toBe(200);
      expect(br.headers["cache-control"]).toBe("max-age=31536000, immutable");
      expect(br.rawPayload.length).toBeLessThan(original.length);
      expect(decoded(br, "br")).toEqual(original);
      const gzip = await app.inject({ url, headers: { "accept-encoding": "gzip" } });
      expect(decoded(gzip, "gzip")).toEqual(original);
      const identity = await app.inject({ url, headers: { "accept-encoding": "identity" } });
      expect(identity.headers["content-encoding"]).toBeUndefined();
      expect(identity.rawPayload).toEqual(original);
      expect(String(identity.headers["content-type"])).toMatch(/javascript|css/);
    }
  });

  it("sends the state in brotli or gzip, each with its own ETag, and 304 for any of them", async () => {
    const url = `/api/v1/events/${SLUG}`;
    const plain = await app.inject(url);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const etags = new Set([String(plain.headers.etag)]);
    for (const coding of ["br", "gzip"] as const) {
      const res = await app.inject({ url, headers: { "accept-encoding": `${coding}, identity` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers.vary).toBe("Accept-Encoding");
      expect(decoded(res, coding).toString("utf8")).toBe(plain.body);
      etags.add(String(res.headers.etag));
      const again = await app.inject({
        url,
        headers: { "accept-encoding": coding, "if-none-match": String(res.headers.etag) },
      });
      expect(again.statusCode).toBe(304);
    }
    expect(etags.size).toBe(3);
    // Brotli is preferred when the browser takes both, as browsers do.
    const both = await app.inject({ url, headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(both.headers["content-encoding"]).toBe("br");
    const refused = await app.inject({ url, headers: { "accept-encoding": "br;q=0, gzip;q=0" } });
    expect(refused.headers["content-encoding"]).toBeUndefined();
    expect(refused.body).toBe(plain.body);
  });

  it("compresses ptg.json and the calendars, and still answers 304 to their ETags", async () => {
    for (const url of [`/events/${SLUG}/ptg.json`, `/events/${SLUG}/ical`]) {
      const plain = await app.inject(url);
      expect(plain.statusCode).toBe(200);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.headers.vary).toBe("Accept-Encoding");
      for (const coding of ["br", "gzip"] as const) {
        const res = await app.inject({ url, headers: { "accept-encoding": coding } });
        expect(decoded(res, coding)).toEqual(plain.rawPayload);
        expect(res.headers.etag).toBe(`W/${String(plain.headers.etag)}`);
        const again = await app.inject({
          url,
          headers: { "accept-encoding": coding, "if-none-match": String(res.headers.etag) },
        });
        expect(again.statusCode).toBe(304);
        expect(again.rawPayload.length).toBe(0);
      }
    }
  });

  it("leaves small and error responses alone", async () => {
    const missing = await app.inject({
      url: "/events/no-such-event/ptg.json",
      headers: { "accept-encoding": "br" },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-encoding"]).toBeUndefined();
    expect(missing.json()).toMatchObject({ error: { code: "event_not_found" } });
  });
});
