// Cached reads are not rate-limited per address (a venue behind one NAT address may have
// hundreds of pages polling them); stream connections still are.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { streamUrl } from "../../shared/api/stream.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { serverFor, SLUG, storeWithFixture } from "./support.js";

/** More than the 300 a minute that used to be allowed for exports. */
const REQUESTS = 400;

describe.each(storeKinds())("rate limits (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await storeWithFixture(kind);
    app = await serverFor(store, { limits: { streamConnectsPerWindow: 2 } });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("never answers 429 to cached reads and 304s from one address", async () => {
    const urls = [
      `/api/v1/events/${SLUG}`,
      `/events/${SLUG}/ptg.json`,
      `/events/${SLUG}/ical`,
      `/events/${SLUG}/tracks/nova.ics`,
    ];
    for (const url of urls) {
      const first = await app.inject({ url, remoteAddress: "198.51.100.7" });
      expect(first.statusCode).toBe(200);
      const etag = String(first.headers.etag);
      const statuses = new Map<number, number>();
      for (let i = 0; i < REQUESTS; i++) {
        const res = await app.inject({
          url,
          remoteAddress: "198.51.100.7",
          headers: i % 2 === 0 ? { "if-none-match": etag } : {},
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      }
      expect(Object.fromEntries(statuses)).toEqual({ 200: REQUESTS / 2, 304: REQUESTS / 2 });
    }
  });

  it("still limits stream connections per address", async () => {
    const statuses: number[] = [];
    // An unknown event: the limit applies before the handler, which answers 404 at once.
    for (let i = 0; i < 3; i++) {
      const res = await app.inject({
        url: streamUrl("no-such-event"),
        remoteAddress: "198.51.100.8",
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([404, 404, 429]);
    const other = await app.inject({
      url: streamUrl("no-such-event"),
      remoteAddress: "198.51.100.9",
    });
    expect(other.statusCode).toBe(404);
  });
});
