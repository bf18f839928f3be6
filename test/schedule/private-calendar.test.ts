// A signed-in user's private calendar of followed tracks (issue 21, item 3), over HTTP: made,
// shown once, served by its token with only the followed tracks' talks, replaced (the old link
// stops working) and revoked; sessions are required to manage it, and a token opens only its
// own event's calendar.
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../server/auth/sessions.js";
import type { Database } from "../../shared/db/schema.js";
import { execute } from "../../shared/operations/execute.js";
import { PUBLIC_URL, serverFor } from "../server/support.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { c3voc, importDocument } from "./helpers.js";

const SLUG = "tram-cal";
const ART = "5b0e6a1e-1111-4c4c-8a8a-000000000001@ptg.test"; // kunst-kultur
const SCIENCE = "5b0e6a1e-1111-4c4c-8a8a-000000000002@ptg.test"; // wissenschaft

async function follow(db: Kysely<Database>, userId: string, track: string, slug = SLUG) {
  const done = await execute(
    db,
    { kind: "follow.add", trackName: track },
    { id: userId, nick: "ann", powerLevel: 0 },
    { commandId: `test:${randomUUID()}`, eventSlug: slug, chatRoomId: null, replyTo: null },
    {
      helpUrl: `${PUBLIC_URL}/help`,
      onError: (error) => {
        throw error;
      },
    },
  );
  expect(done.result).toBe("ok");
}

describe.each(storeKinds())("private calendars of followed tracks (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let token = "";

  beforeAll(async () => {
    store = await openTestStore(kind);
    await importDocument(store.db, SLUG, c3voc());
    await importDocument(store.db, "other", c3voc());
    await follow(store.db, "@ann:test", "kunst-kultur");
    token = (await createSession(store.db, "@ann:test", new Date())).token;
    app = await serverFor(store);
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const manage = (method: "GET" | "POST" | "DELETE", bearer: string | null = token, slug = SLUG) =>
    app.inject({
      method,
      url: `/api/v1/events/${slug}/calendar`,
      headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
    });
  const pathOf = (url: string): string => url.slice(PUBLIC_URL.length);

  it("is made, shown once, serves the followed tracks only, is replaced and revoked", async () => {
    expect((await manage("GET", null)).statusCode).toBe(401);
    expect((await manage("POST", null)).statusCode).toBe(401);
    expect((await manage("GET")).json()).toEqual({ active: false, createdAt: null, url: null });
    expect((await manage("GET", token, "nowhere")).statusCode).toBe(404);

    const made = (await manage("POST")).json<{ active: boolean; url: string }>();
    expect(made.active).toBe(true);
    expect(made.url).toMatch(
      new RegExp(`^${PUBLIC_URL}/events/${SLUG}/calendars/ptgc_[A-Za-z0-9_-]{43}\\.ics$`),
    );
    // Shown once: later reads say that there is one, not what it is.
    const status = (await manage("GET")).json<{ active: boolean; url: null }>();
    expect(status).toMatchObject({ active: true, url: null });

    const ics = await app.inject(pathOf(made.url));
    expect(ics.statusCode).toBe(200);
    expect(ics.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(ics.headers["cache-control"]).toBe("private, no-cache");
    expect(ics.body).toContain(`UID:${ART}`);
    expect(ics.body).not.toContain(`UID:${SCIENCE}`);
    expect(ics.body).toContain("X-WR-CALNAME:");
    // Followed later: the calendar follows.
    await follow(store.db, "@ann:test", "wissenschaft");
    const more = await app.inject(pathOf(made.url));
    expect(more.body).toContain(`UID:${SCIENCE}`);
    expect(
      (
        await app.inject({
          url: pathOf(made.url),
          headers: { "if-none-match": String(more.headers.etag) },
        })
      ).statusCode,
    ).toBe(304);

    // A token opens only its own event's calendar.
    expect((await app.inject(pathOf(made.url).replace(`/${SLUG}/`, "/other/"))).statusCode).toBe(
      404,
    );

    // A new link replaces the old one.
    const renewed = (await manage("POST")).json<{ url: string }>();
    expect(renewed.url).not.toBe(made.url);
    expect((await app.inject(pathOf(made.url))).statusCode).toBe(404);
    expect((await app.inject(pathOf(renewed.url))).statusCode).toBe(200);

    // Revoked: gone.
    expect((await manage("DELETE")).json()).toEqual({ active: false, createdAt: null, url: null });
    expect((await app.inject(pathOf(renewed.url))).statusCode).toBe(404);
    expect((await manage("GET")).json()).toMatchObject({ active: false });
    // A malformed token is refused by its shape, before any query.
    expect((await app.inject(`/events/${SLUG}/calendars/nope.ics`)).statusCode).toBe(400);
  });
});
