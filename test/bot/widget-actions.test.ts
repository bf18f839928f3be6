// Acting from the widget as a verified Matrix user, end to end: a real Synapse issues real
// OpenID tokens, the bot keeps the room's power levels and members in the store as it syncs,
// and the real server runs the widget's actions as the chat's operations. A user checks in; a
// power level 0 user's "set now" is refused in the chat's words when voice is required; a power
// level 50 user books a slot and a Matrix subscriber of that track hears of it; refusals change
// nothing; a follower gets one reminder before a followed track's slot, also across a restart
// of the bot. PGlite, and PostgreSQL when DATABASE_URL is set.
import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { loadEventState } from "../../shared/store/event-state.js";
import { bindChatRoom, ensureEvent } from "../../shared/store/events.js";
import type { MatrixClient } from "../support/matrix-client.js";
import { openIdToken } from "../support/openid-token.js";
import { storeKinds } from "../support/stores.js";
import { useWidgetRig } from "../support/use-widget-rig.js";
import { ask, bodyOf, directMessages } from "./support.js";
import { REFUSALS } from "../../shared/operations/permission.js";

const EVENT = "actionptg";
const OTHER_EVENT = "otheractionptg";
/** When MonA1 starts: the reminder tests move the bot's clock towards it. */
const START = new Date("2026-05-04T09:00:00Z");
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: {
    Monday: [
      { name: "MonA1", desc: "09:00-10:45", realtime: START.toISOString() },
      { name: "MonA2", desc: "11:00-12:45" },
    ],
  },
  schedule: { "Ballroom A": { MonA1: "swift", MonA2: "" }, "Ballroom B": { MonA1: "", MonA2: "" } },
};

const errorOf = (response: LightMyRequestResponse) =>
  response.json<{ error: { code: string; message: string } }>().error;

describe.each(storeKinds())("widget actions with Synapse on %s", (kind) => {
  /** The server's clock (sessions), moved by the tests. */
  let clock = new Date("2026-05-04T08:00:00Z");
  /** The bot's reminder clock, moved by the reminder test. */
  let botClock = new Date("2026-05-04T08:00:00Z");
  const rig = useWidgetRig({
    users: ["mod", "bob", "carol", "dan"],
    event: EVENT,
    store: { kind, schedule: SCHEDULE },
    bot: { reminders: { now: () => botClock, intervalMs: 100 } },
    server: { alsoServe: ["elsewhere.example"], widgetAuth: { now: () => clock } },
  });
  const server = () => ({ hs: rig.hs, who: rig.users });
  let botId = "";
  let room = "";
  let otherRoom = "";

  const db = () => rig.store.db;
  const api = () => rig.app;
  const tokenOf = (user: MatrixClient): Promise<string> => rig.tokenOf(user);
  const act = (
    token: string | null,
    action: string,
    body: Record<string, unknown>,
    options: { roomId?: string; slug?: string } = {},
  ) => rig.act(token, action, options.roomId ?? room, body, options.slug);
  const state = async () => {
    const s = await loadEventState(db(), EVENT);
    if (s === undefined) throw new Error("no event");
    return s;
  };
  /** What an action could change. */
  const snapshot = async () => ({
    version: (await state()).version,
    checkIns: await db().selectFrom("check_ins").selectAll().execute(),
    follows: await db().selectFrom("follows").selectAll().execute(),
    sessions: (await db().selectFrom("widget_sessions").select("user_id").execute()).length,
  });
  /** Waits until the bot has stored a user's membership and power level in `roomId`. */
  const stored = (roomId: string, userId: string, level: number | null) =>
    rig.stored(roomId, userId, level === null ? {} : { level });
  /** The bot's next message in its direct chat with a user. */
  const nextDirect = directMessages(() => botId);

  beforeAll(async () => {
    if (!rig.ready) return; // the tests report it
    const { who } = server();
    const other = await ensureEvent(rig.store.db, OTHER_EVENT);
    botId = rig.botId;

    room = await who.mod.createRoom({ name: `Actions ${kind}`, preset: "public_chat" });
    await rig.inviteBot(who.mod, room);
    for (const user of [who.bob, who.carol, who.dan]) await user.join(room);

    // Bound to the other event before the bot joins it (the bot binds unbound rooms it joins
    // to its default event).
    otherRoom = await who.mod.createRoom({ name: `Other ${kind}`, preset: "public_chat" });
    await bindChatRoom(rig.store.db, otherRoom, other.id);
    await rig.inviteBot(who.mod, otherRoom);
    await who.bob.join(otherRoom);
  }, 120_000);

  it("checks in with a real OpenID token: the chat sees the same state", async () => {
    const { who } = server();
    await stored(room, who.carol.userId, null);
    const token = await tokenOf(who.carol);
    const response = await act(token, "check-in", { place: "#swift" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      result: "ok",
      reply: "OK, checked into #swift - thanks for the update!",
      repeated: false,
    });
    const seen = bodyOf(await ask(who.mod, room, "+seen carol", botId));
    expect(seen).toMatch(
      /^mod: carol was last seen in #swift at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
  });

  it("refuses a power level 0 user's 'set now' in the chat's words when voice is required", async () => {
    const { who } = server();
    await stored(room, who.carol.userId, null);
    const token = await tokenOf(who.carol);
    expect(bodyOf(await ask(who.mod, room, "~requirevoice", botId))).toBe(
      "mod: Voice is now required to issue track commands",
    );
    try {
      const before = await snapshot();
      const response = await act(token, "now", { track: "swift", topic: "sneaky" });
      expect(response.statusCode).toBe(403);
      expect(errorOf(response)).toEqual({ code: "forbidden", message: REFUSALS.track });
      expect(await snapshot()).toEqual(before);
      // The chat says the same.
      expect(bodyOf(await ask(who.carol, room, "#swift now sneaky", botId))).toBe(
        `carol: ${REFUSALS.track}`,
      );
    } finally {
      await ask(who.mod, room, "~alloweveryone", botId);
    }
  });

  it("lets a power level 50 user book by click; a Matrix subscriber of the track hears of it", async () => {
    const { who } = server();
    expect(bodyOf(await ask(who.dan, room, "+subscribe nova", botId))).toBe(
      "dan: Subscription set to nova",
    );
    await who.mod.setPowerLevel(room, who.bob.userId, 50);
    await stored(room, who.bob.userId, 50);
    await ask(who.mod, room, "~requirevoice", botId);
    try {
      const token = await tokenOf(who.bob);
      await who.mod.syncToNow();
      const response = await act(token, "book", {
        track: "nova",
        venueRoom: "Ballroom B",
        slot: "MonA1",
      });
      expect(response.statusCode, response.body).toBe(200);
      const words = "Room Ballroom B is now booked on MonA1 for nova";
      expect(response.json<{ reply: string }>().reply).toBe(words);
      // The room sees it too, addressed to bob (test/bot/widget-room.test.ts has more).
      const posted = await who.mod.waitForMessage(room, (e) => e.sender === botId);
      expect(bodyOf(posted)).toBe(`bob: ${words} (from the widget)`);
      expect((await state()).rooms.find((r) => r.name === "Ballroom B")?.bookings.MonA1).toBe(
        "nova",
      );
      expect(await nextDirect(who.dan)).toBe(words);
      // Logged as the chat logs commands, naming the widget.
      const log = await db()
        .selectFrom("command_log")
        .select(["sender_id", "chat_room_id", "text", "result", "delivered"])
        .where("text", "=", "[widget] #nova book Ballroom B-MonA1")
        .executeTakeFirstOrThrow();
      expect(log).toMatchObject({ sender_id: who.bob.userId, chat_room_id: room, result: "ok" });
      await expect
        .poll(
          async () =>
            (
              await db()
                .selectFrom("command_log")
                .select("delivered")
                .where("text", "=", "[widget] #nova book Ballroom B-MonA1")
                .executeTakeFirstOrThrow()
            ).delivered,
        )
        .toBe(true);
    } finally {
      await ask(who.mod, room, "~alloweveryone", botId);
    }
  });

  it("scopes a request id to user, action and event: a check-out reusing the check-in's id is applied", async () => {
    const { who } = server();
    await stored(room, who.carol.userId, null);
    const token = await tokenOf(who.carol);
    const requestId = "carol-request-0001";
    const checkIn = await act(token, "check-in", { place: "#nova", requestId });
    expect(checkIn.json<{ reply: string }>().reply).toBe(
      "OK, checked into #nova - thanks for the update!",
    );
    const checkOut = await act(token, "check-out", { requestId });
    expect(checkOut.json()).toEqual({
      result: "ok",
      reply: "OK, checked out of #nova - thanks for the update!",
      repeated: false,
    });
    expect(bodyOf(await ask(who.mod, room, "+seen carol", botId))).toMatch(
      /^mod: carol checked out of #nova at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
  });

  it("refuses an unknown body field with 400 naming it, changing nothing", async () => {
    const { who } = server();
    await stored(room, who.dan.userId, null);
    const token = await tokenOf(who.dan);
    const before = await snapshot();
    const response = await act(token, "follow", { track: "nova", user_id: who.mod.userId });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toEqual({
      code: "bad_request",
      message: 'Unknown field "user_id" in the body',
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses forged and foreign tokens, ended sessions and foreign rooms, changing nothing", async () => {
    const { who, hs } = server();
    await stored(room, who.bob.userId, null);
    const before = await snapshot();
    const follow = { track: "nova" };

    // A forged OpenID token, and a real one whose user belongs to another server than it says.
    let response = await api().inject({
      method: "POST",
      url: "/api/v1/sessions",
      payload: {
        access_token: "forged-token-that-no-homeserver-issued",
        matrix_server_name: hs.serverName,
      },
    });
    expect(response.statusCode).toBe(401);
    response = await api().inject({
      method: "POST",
      url: "/api/v1/sessions",
      payload: { ...(await openIdToken(who.bob)), matrix_server_name: "elsewhere.example" },
    });
    expect(response.statusCode).toBe(401);
    // A bearer token nobody issued, and none at all.
    response = await act("ptgw_forgedforgedforgedforgedforgedforgedforge", "follow", follow);
    expect(response.statusCode).toBe(401);
    response = await act(null, "follow", follow);
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer /);

    // Expired, then signed out.
    const expiring = await tokenOf(who.bob);
    const start = clock;
    clock = new Date(start.getTime() + 2 * 60 * 60_000);
    try {
      expect((await act(expiring, "follow", follow)).statusCode).toBe(401);
    } finally {
      clock = start;
    }
    const out = await api().inject({
      method: "DELETE",
      url: "/api/v1/sessions/current",
      headers: { authorization: `Bearer ${expiring}` },
    });
    expect(out.statusCode).toBe(204);
    expect((await act(expiring, "follow", follow)).statusCode).toBe(401);

    // A room bob has not joined (he left it), and a room bound to another event.
    const token = await tokenOf(who.bob);
    const left = await who.mod.createRoom({ name: `Left ${kind}`, preset: "public_chat" });
    await rig.inviteBot(who.mod, left);
    // Bound once the bot has checked the inviter (an event admin): only then is bob's absence
    // the reason for the refusal.
    await expect
      .poll(
        async () =>
          (await db()
            .selectFrom("event_rooms")
            .select("chat_room_id")
            .where("chat_room_id", "=", left)
            .executeTakeFirst()) !== undefined,
        { timeout: 15_000, interval: 50 },
      )
      .toBe(true);
    response = await act(token, "follow", follow, { roomId: left });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe("not_joined");
    await stored(otherRoom, who.bob.userId, null);
    response = await act(token, "follow", follow, { roomId: otherRoom });
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({
      code: "room_not_bound",
      message: `That room belongs to another event, not '${EVENT}'`,
    });
    const after = await snapshot();
    // Only the sessions made (and ended) above differ, and the version: the public room `left`
    // joined the event's rooms (the public state lists it).
    expect({ ...after, sessions: 0, version: 0 }).toEqual({ ...before, sessions: 0, version: 0 });
  });

  it("reminds a follower once before a followed track's slot, also across a bot restart", async () => {
    const { who } = server();
    await stored(room, who.bob.userId, null);
    const token = await tokenOf(who.bob);
    const followed = await act(token, "follow", { track: "swift" });
    expect(followed.json<{ reply: string }>().reply).toBe("Following #swift");

    // Until 10 minutes before the start, nothing; then one reminder.
    botClock = new Date(START.getTime() - 10 * 60_000);
    const reminder = "Reminder: #swift starts in 10 min (09:00 UTC, Ballroom A, slot MonA1)";
    expect(await nextDirect(who.bob)).toBe(reminder);

    // The bot restarts around the reminder time: bob is not reminded again, while carol, who
    // follows the track from the widget meanwhile, is (so the new bot's scheduler did run).
    await rig.stopBot();
    botClock = new Date(START.getTime() - 9 * 60_000);
    const carol = await act(await tokenOf(who.carol), "follow", { track: "#swift" });
    expect(carol.statusCode, carol.body).toBe(200);
    await rig.startBot();
    expect(await nextDirect(who.carol)).toBe(
      "Reminder: #swift starts in 9 min (09:00 UTC, Ballroom A, slot MonA1)",
    );
    const sent = await db()
      .selectFrom("reminders_sent")
      .select("person_key")
      .orderBy("person_key")
      .execute();
    expect(sent).toEqual([{ person_key: who.bob.userId }, { person_key: who.carol.userId }]);
    // One reminder was queued for bob, and delivered.
    const rows = await db()
      .selectFrom("outbox")
      .select("destination")
      .where("command_id", "is", null)
      .execute();
    expect(rows.filter((r) => JSON.stringify(r.destination).includes(who.bob.userId))).toHaveLength(
      1,
    );
  });
});
