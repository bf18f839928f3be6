import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EventState } from "../../shared/api/event-state.js";
import { formatTimestamp } from "../../shared/domain/timestamp.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { readDenver } from "../support/denver.js";
import { command, serverFor, SLUG, storeWithFixture, UNTIL_SEEN } from "./support.js";

describe.each(storeKinds())("GET /events/:slug/ptg.json (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await storeWithFixture(kind);
    app = await serverFor(store);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("gives back the imported fixture on every key it carries, plus a timestamp", async () => {
    const fixture = readDenver();
    const res = await app.inject(`/events/${SLUG}/ptg.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    const doc = res.json<Record<string, unknown>>();
    for (const [key, value] of Object.entries(fixture)) {
      expect(doc[key], key).toEqual(value);
    }
    // Ordered maps keep their order.
    for (const key of ["links", "slots", "schedule"] as const) {
      expect(Object.keys(doc[key] as object), key).toEqual(Object.keys(fixture[key] as object));
    }
    const state = (await app.inject(`/api/v1/events/${SLUG}`)).json<EventState>();
    expect(doc.timestamp).toBe(formatTimestamp(new Date(state.updatedAt)));
    expect(doc.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it("has a version ETag, answers 304, and follows changes", async () => {
    const first = await app.inject(`/events/${SLUG}/ptg.json`);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(new RegExp(`^"${SLUG}-\\d+-ptg"$`));
    const same = await app.inject({
      url: `/events/${SLUG}/ptg.json`,
      headers: { "if-none-match": etag },
    });
    expect(same.statusCode).toBe(304);

    await command(store, "#nova now cells v2");
    const changed = await vi.waitFor(async () => {
      const res = await app.inject({
        url: `/events/${SLUG}/ptg.json`,
        headers: { "if-none-match": etag },
      });
      expect(res.statusCode).toBe(200); // the new version
      return res;
    }, UNTIL_SEEN);
    expect(changed.json<{ now: Record<string, string> }>().now).toEqual({ nova: "cells v2" });
  });

  it("answers 404 and 400 with JSON errors", async () => {
    const unknown = await app.inject("/events/no-such-event/ptg.json");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: "event_not_found" } });
    const bad = await app.inject("/events/-bad/ptg.json");
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: "bad_request" } });
  });
});
