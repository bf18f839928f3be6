// The widget's action routes on the real server and a real store (PGlite, and PostgreSQL when
// DATABASE_URL is set), with sessions and room state written as sign-in and the bot write them
// (the real OpenID exchange and the bot's syncing are in test/bot/widget-actions.test.ts).
// Every route runs the chat's operation: the same words, the same command log, the same
// refusals; refusals change nothing; a retried request id is not applied twice.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../server/auth/sessions.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { bindChatRoom, ensureEvent } from "../../shared/store/events.js";
import { recordSync } from "../../shared/store/heartbeat.js";
import { buildServer } from "../../server/app.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { REFUSALS } from "../../shared/operations/permission.js";

const EVENT = "actionsptg";
const OTHER = "otheractions";
const ROOM = "!event:example.org";
const OTHER_ROOM = "!other:example.org";
const PUBLIC_URL = "https://ptg.example.org";
const USERS = {
  plain: "@plain:example.org",
  mod: "@mod:example.org",
  admin: "@admin:example.org",
  stranger: "@stranger:example.org",
};
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: {
    Monday: [
      { name: "MonA1", desc: "09:00-10:45" },
      { name: "MonA2", desc: "11:00-12:45" },
    ],
  },
  schedule: { "Ballroom A": { MonA1: "swift", MonA2: "" }, "Ballroom B": { MonA1: "", MonA2: "" } },
};

describe.each(storeKinds())("widget actions on %s", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let clock = new Date("2026-05-04T09:00:00Z");
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    store = await openTestStore(kind);
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    const event = await ensureEvent(store.db, EVENT);
    const other = await ensureEvent(store.db, OTHER);
    await bindChatRoom(store.db, ROOM, event.id);
    await bindChatRoom(store.db, OTHER_ROOM, other.id);
    const joined = [USERS.plain, USERS.mod, USERS.admin];
    await store.db
      .insertInto("matrix_room_members")
      .values([
        ...joined.map((u) => ({ room_id: ROOM, user_id: u })),
        ...joined.map((u) => ({ room_id: OTHER_ROOM, user_id: u })),
      ])
      .execute();
    await store.db
      .insertInto("matrix_room_power")
      .values({
        room_id: ROOM,
        creators: JSON.stringify(["@creator:example.org"]),
        has_power_levels: true,
        users: JSON.stringify({ [USERS.mod]: 1, [USERS.admin]: 50 }),
        users_default: 0,
      })
      .execute();
    for (const [name, userId] of Object.entries(USERS)) {
      tokens[name] = (await createSession(store.db, userId, clock)).token;
    }
    // As a syncing bot writes it: the stored power is fresh (for a day: no test waits that long).
    await recordSync(store.db, "@ptgbot:example.org");
    app = await buildServer({
      store,
      config: { publicUrl: PUBLIC_URL, powerMaxAgeSeconds: 86_400 },
      widgetAuth: { now: () => clock },
    });
  });

  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const act = (
    action: string,
    who: keyof typeof USERS | null,
    body: Record<string, unknown>,
    slug = EVENT,
  ) =>
    app.inject({
      method: "POST",
      url: `/api/v1/events/${slug}/actions/${action}`,
      headers: who === null ? {} : { authorization: `Bearer ${tokens[who]}` },
      payload: { room: ROOM, ...body },
    });
  const replyOf = (response: LightMyRequestResponse) => {
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ reply: string }>().reply;
  };
  const errorOf = (response: LightMyRequestResponse) =>
    response.json<{ error: { code: string; message: string } }>().error;
  const state = async () => {
    const s = await loadEventState(store.db, EVENT);
    if (s === undefined) throw new Error("no event");
    return s;
  };
  /** Everything an action could change. */
  const snapshot = async () => ({
    version: (await state()).version,
    follows: await store.db.selectFrom("follows").selectAll().execute(),
    checkIns: await store.db.selectFrom("check_ins").selectAll().execute(),
    outbox: (await store.db.selectFrom("outbox").select("id").execute()).length,
  });
  const lastLog = () =>
    store.db
      .selectFrom("command_log")
      .select(["message_id", "sender_id", "sender_nick", "chat_room_id", "text", "result", "reply"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();

  it("lets anyone check in and out, look for people, follow and unfollow", async () => {
    expect(replyOf(await act("check-in", "plain", { place: "#Nova" }))).toBe(
      "OK, checked into #nova - thanks for the update!",
    );
    expect(await lastLog()).toMatchObject({
      sender_id: USERS.plain,
      sender_nick: "plain",
      chat_room_id: ROOM,
      text: "[widget] +in #Nova",
      result: "ok",
    });
    expect(replyOf(await act("seen", "mod", { nick: "plain" }))).toMatch(
      /^plain was last seen in #nova at 2026-05-04 09:00:00 UTC$/,
    );
    expect(replyOf(await act("check-out", "plain", {}))).toBe(
      "OK, checked out of #nova - thanks for the update!",
    );
    expect(replyOf(await act("follow", "plain", { track: "#nova" }))).toBe("Following #nova");
    const follows = await app.inject({
      method: "GET",
      url: `/api/v1/events/${EVENT}/follows?room=${encodeURIComponent(ROOM)}`,
      headers: { authorization: `Bearer ${tokens.plain}` },
    });
    expect(follows.json()).toEqual({ tracks: ["nova"] });
    expect(replyOf(await act("unfollow", "plain", { track: "nova" }))).toBe(
      "No longer following #nova",
    );
  });

  it("refuses what the chat refuses, in its words, changing nothing", async () => {
    const before = await snapshot();
    let response = await act("check-out", "plain", {});
    expect(response.statusCode).toBe(409);
    expect(errorOf(response)).toEqual({
      code: "refused",
      message: expect.stringMatching(/^You already checked out of #nova at .* UTC!$/) as string,
    });
    response = await act("follow", "plain", { track: "novva" });
    expect(errorOf(response)).toEqual({ code: "refused", message: "Unrecognised track #novva" });
    response = await act("book", "mod", { track: "nova", venueRoom: "Ballroom A", slot: "MonA1" });
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).message).toBe("Slot 'Ballroom A-MonA1' is invalid (or booked)");
    response = await act("unbook", "mod", {
      track: "nova",
      venueRoom: "Ballroom A",
      slot: "MonA1",
    });
    expect(errorOf(response).message).toBe(
      "Slot 'Ballroom A-MonA1' is invalid (or not booked for nova)",
    );
    response = await act("now", "mod", { track: "nova", topic: "  " });
    expect(errorOf(response).message).toBe("Missing sentence (#nova now ...)");
    response = await act("remove-banner", "admin", { number: 7 });
    expect(response.statusCode).toBe(409);
    // Admin operations need op: the chat's words, 403.
    response = await act("banner", "mod", { level: "info", message: "hi" });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({ code: "forbidden", message: REFUSALS.admin });
    // Schema: a bad level, a name too long, a missing slot, a missing room.
    expect((await act("banner", "admin", { level: "loud", message: "x" })).statusCode).toBe(400);
    expect((await act("follow", "plain", { track: "x".repeat(101) })).statusCode).toBe(400);
    expect((await act("book", "mod", { track: "nova", venueRoom: "Ballroom B" })).statusCode).toBe(
      400,
    );
    const noRoom = await app.inject({
      method: "POST",
      url: `/api/v1/events/${EVENT}/actions/follow`,
      headers: { authorization: `Bearer ${tokens.plain}` },
      payload: { track: "nova" },
    });
    expect(noRoom.statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  it("lets track moderators steer tracks and book, as the chat does", async () => {
    expect(replyOf(await act("now", "plain", { track: "#swift", topic: "anyone may" }))).toBe("");
    expect((await state()).tracks.find((t) => t.name === "swift")?.now?.topic).toBe("anyone may");
    replyOf(await act("next", "mod", { track: "swift", topic: "after lunch" }));
    expect((await state()).tracks.find((t) => t.name === "swift")?.next).toEqual(["after lunch"]);
    expect(replyOf(await act("clean", "mod", { track: "swift" }))).toBe(
      "Cleaned now and next for #swift",
    );
    expect(
      replyOf(await act("book", "mod", { track: "nova", venueRoom: "ballroom b", slot: "mona2" })),
    ).toBe("Room Ballroom B is now booked on MonA2 for nova");
    expect((await state()).rooms.find((r) => r.name === "Ballroom B")?.bookings.MonA2).toBe("nova");
    expect(
      replyOf(
        await act("unbook", "mod", { track: "nova", venueRoom: "Ballroom B", slot: "MonA2" }),
      ),
    ).toBe("Room Ballroom B (previously booked for nova) is now free on MonA2");

    // When the event requires voice, power level 0 is refused with the chat's words.
    replyOf(await act("banner", "admin", { level: "info", message: "setting up" }));
    const admin = await app.inject({
      method: "POST",
      url: `/api/v1/events/${EVENT}/actions/remove-banner`,
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: { room: ROOM, number: 1 },
    });
    expect(replyOf(admin)).toBe("Removed banner 1");
    await store.db.updateTable("event_settings").set({ voice_required: true }).execute();
    try {
      const before = await snapshot();
      const response = await act("now", "plain", { track: "swift", topic: "sneaky" });
      expect(response.statusCode).toBe(403);
      expect(errorOf(response)).toEqual({ code: "forbidden", message: REFUSALS.track });
      expect(await snapshot()).toEqual(before);
      expect(replyOf(await act("now", "mod", { track: "swift", topic: "voiced" }))).toBe("");
    } finally {
      await store.db.updateTable("event_settings").set({ voice_required: false }).execute();
    }
  });

  it("posts and removes banners for admins, in the chat's words", async () => {
    expect(
      replyOf(await act("banner", "admin", { level: "warning", message: "Lunch  moved" })),
    ).toBe("Added banner 1 (warning): Lunch moved");
    expect((await state()).banners).toEqual([{ level: "warning", message: "Lunch moved" }]);
    expect(replyOf(await act("remove-banner", "admin", { number: 1 }))).toBe("Removed banner 1");
    expect((await state()).banners).toEqual([]);
  });

  it("applies a retried request once, answering it again", async () => {
    const requestId = "retry-0123456789";
    const first = await act("book", "mod", {
      track: "swift",
      venueRoom: "Ballroom A",
      slot: "MonA2",
      requestId,
    });
    expect(first.json()).toEqual({
      result: "ok",
      reply: "Room Ballroom A is now booked on MonA2 for swift",
      repeated: false,
    });
    const version = (await state()).version;
    const again = await act("book", "mod", {
      track: "swift",
      venueRoom: "Ballroom A",
      slot: "MonA2",
      requestId,
    });
    expect(again.json()).toEqual({ ...first.json<object>(), repeated: true });
    expect((await state()).version).toBe(version);
    // Another user's same id is another request.
    const other = await act("book", "admin", {
      track: "nova",
      venueRoom: "Ballroom A",
      slot: "MonA2",
      requestId,
    });
    expect(errorOf(other).message).toBe("Slot 'Ballroom A-MonA2' is invalid (or booked)");
  });

  it("scopes a request id to its user, action and event: a check-out reusing a check-in's id is applied", async () => {
    const requestId = "scoped-0123456789";
    expect(replyOf(await act("check-in", "plain", { place: "#nova", requestId }))).toBe(
      "OK, checked into #nova - thanks for the update!",
    );
    const out = await act("check-out", "plain", { requestId });
    expect(out.json()).toEqual({
      result: "ok",
      reply: "OK, checked out of #nova - thanks for the update!",
      repeated: false,
    });
    const row = await store.db
      .selectFrom("check_ins")
      .select(["location", "checked_out_at"])
      .where("nick", "=", "plain")
      .executeTakeFirstOrThrow();
    expect(row.location).toBe("#nova");
    expect(row.checked_out_at).not.toBeNull();
  });

  it("refuses an unknown body field with 400 naming it, changing nothing", async () => {
    const before = await snapshot();
    const response = await act("follow", "plain", { track: "nova", user_id: USERS.admin });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      code: "bad_request",
      message: 'Unknown field "user_id" in the body',
    });
    expect(await snapshot()).toEqual(before);
  });

  it("answers 503 while no bot has synced within the max age; /me says how fresh the power is", async () => {
    const me = async () =>
      (
        await app.inject({
          method: "GET",
          url: `/api/v1/events/${EVENT}/me?room=${encodeURIComponent(ROOM)}`,
          headers: { authorization: `Bearer ${tokens.admin}` },
        })
      ).json<{ powerFreshness: { ageSeconds: number | null; fresh: boolean } }>().powerFreshness;
    expect(await me()).toMatchObject({ fresh: true, maxAgeSeconds: 86_400 });
    const older = sql<Date>`now() - interval '2 days'`;
    await store.db.updateTable("bot_sync_heartbeats").set({ synced_at: older }).execute();
    try {
      const stale = await me();
      expect(stale.fresh).toBe(false);
      expect(stale.ageSeconds).toBeGreaterThan(86_400);
      const before = await snapshot();
      for (const [action, who, body] of [
        ["banner", "admin", { level: "info", message: "stale" }],
        ["now", "mod", { track: "swift", topic: "stale" }],
        ["check-in", "plain", { place: "#swift" }],
        ["follow", "plain", { track: "swift" }],
      ] as const) {
        const response = await act(action, who, body);
        expect(response.statusCode, action).toBe(503);
        expect(errorOf(response)).toEqual({
          code: "power_stale",
          message: "Can't check your power level right now, try again in a minute",
        });
      }
      expect(await snapshot()).toEqual(before);
    } finally {
      await recordSync(store.db, "@ptgbot:example.org");
    }
    expect(await me()).toMatchObject({ fresh: true });
  });

  it("refuses missing, unknown, expired and ended sessions, and foreign rooms: nothing changes", async () => {
    const before = await snapshot();
    const follow = { track: "nova" };
    let response = await act("follow", null, follow);
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer /);
    response = await app.inject({
      method: "POST",
      url: `/api/v1/events/${EVENT}/actions/follow`,
      headers: { authorization: "Bearer ptgw_forgedforgedforgedforgedforgedforgedforge" },
      payload: { room: ROOM, ...follow },
    });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).message).toBe("Your session has expired or was ended; sign in again");

    // Expired: the clock moves past the session's end.
    const start = clock;
    clock = new Date(start.getTime() + 2 * 60 * 60_000);
    try {
      expect((await act("follow", "plain", follow)).statusCode).toBe(401);
    } finally {
      clock = start;
    }
    // Ended: signed out.
    const ending = (await createSession(store.db, USERS.plain, clock)).token;
    const out = await app.inject({
      method: "DELETE",
      url: "/api/v1/sessions/current",
      headers: { authorization: `Bearer ${ending}` },
    });
    expect(out.statusCode).toBe(204);
    response = await app.inject({
      method: "POST",
      url: `/api/v1/events/${EVENT}/actions/follow`,
      headers: { authorization: `Bearer ${ending}` },
      payload: { room: ROOM, ...follow },
    });
    expect(response.statusCode).toBe(401);

    // Not joined; a room of another event; a room the bot is not in.
    response = await act("follow", "stranger", follow);
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({
      code: "not_joined",
      message: `${USERS.stranger} is not joined to that room`,
    });
    response = await act("follow", "plain", { ...follow, room: OTHER_ROOM });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({
      code: "room_not_bound",
      message: `That room belongs to another event, not '${EVENT}'`,
    });
    response = await act("now", "admin", { track: "nova", topic: "x", room: "!nowhere:x" });
    expect(response.statusCode).toBe(403);
    expect((await act("follow", "plain", follow, "nosuchevent")).statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("allows only the widget's origin to send actions", async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: "OPTIONS",
        url: `/api/v1/events/${EVENT}/actions/book`,
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type",
        },
      });
    let response = await preflight(PUBLIC_URL);
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe(PUBLIC_URL);
    response = await preflight("https://evil.example");
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
