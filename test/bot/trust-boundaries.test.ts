// Trust boundaries on a real Synapse (issue 25), with the bot syncing and the real server:
// - binding: a power level 0 user's own room, with the bot invited, is not bound to the event
//   (its widget actions are 403, its chat commands do nothing, the bot says once how an admin
//   adopts it), while an event admin's invite binds, and an admin's `~event SLUG` adopts;
// - the public state lists only public rooms (join rule `public`, or marked by an admin);
// - fresh power or none: with the bot stopped and a user kicked, the server (which does not
//   sync) refuses that user's track action with 503 once the stored power is older than the max
//   age, and once the bot is back, refuses it as the kick dictates (403).
// PGlite, and PostgreSQL when DATABASE_URL is set.
import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { adoptionHint, mayNotBind } from "../../bot/inbound/binding-rule.js";
import { POWER_STALE } from "../../server/auth/power-freshness.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { eventForChatRoom } from "../../shared/store/events.js";
import { storeKinds } from "../support/stores.js";
import { useWidgetRig } from "../support/use-widget-rig.js";
import { ask, bodyOf } from "./support.js";

const EVENT = "trustptg";
/** PTG_POWER_MAX_AGE_SECONDS for these tests; the bot syncs at least every second. */
const MAX_AGE_SECONDS = 3;
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" } },
};

const errorOf = (response: LightMyRequestResponse) =>
  response.json<{ error: { code: string; message: string } }>().error;

describe.each(storeKinds())("trust boundaries with Synapse on %s", (kind) => {
  const rig = useWidgetRig({
    users: ["admin", "eve", "bob"],
    event: EVENT,
    store: { kind, schedule: SCHEDULE },
    bot: { syncTimeoutMs: 1_000 },
    server: { config: { powerMaxAgeSeconds: MAX_AGE_SECONDS } },
  });
  const server = () => ({ hs: rig.hs, who: rig.users });
  let botId = "";
  let room = "";

  const db = () => rig.store.db;
  const api = () => rig.app;
  const tokenOf = (user: Parameters<typeof rig.tokenOf>[0]) => rig.tokenOf(user);
  const act = (token: string, action: string, roomId: string, body: Record<string, unknown>) =>
    rig.act(token, action, roomId, body);
  const state = async () => {
    const s = await loadEventState(db(), EVENT);
    if (s === undefined) throw new Error("no event");
    return s;
  };
  const boundTo = async (roomId: string) => (await eventForChatRoom(db(), roomId))?.slug;
  /** Waits until the bot has stored that `userId` is (or is not) joined to `roomId`. */
  const storedJoined = (roomId: string, userId: string, joined: boolean) =>
    rig.stored(roomId, userId, { joined });

  beforeAll(async () => {
    if (!rig.ready) return; // the tests report it
    const { who } = server();
    botId = rig.botId;
    // The event's first room: its inviter is allowed (the bot's homeserver), so it is bound,
    // and its creator becomes the event's first admin.
    room = await who.admin.createRoom({ name: `Trust ${kind}`, preset: "public_chat" });
    await rig.inviteBot(who.admin, room);
    await who.eve.join(room);
    await who.bob.join(room);
  }, 120_000);

  it("does not bind a power level 0 user's own room; an event admin's invite binds", async () => {
    const { who } = server();
    expect(await boundTo(room)).toBe(EVENT);
    await storedJoined(room, who.eve.userId, true);

    const own = await who.eve.createRoom({ name: `Eve's ${kind}`, preset: "private_chat" });
    await rig.inviteBot(who.eve, own);
    // One message saying how an admin adopts it.
    const hint = await who.eve.waitForMessage(own, (e) => e.sender === botId);
    expect(bodyOf(hint)).toBe(adoptionHint(EVENT));
    expect(await boundTo(own)).toBeUndefined();
    await storedJoined(own, who.eve.userId, true);

    // The widget: eve ranks highest in her room, but it is no room of the event.
    const token = await tokenOf(who.eve);
    const before = await state();
    for (const [action, body] of [
      ["banner", { level: "info", message: "Eve runs this event now" }],
      ["now", { track: "swift", topic: "eve's topic" }],
    ] as const) {
      const response = await act(token, action, own, body);
      expect(response.statusCode, action).toBe(403);
      expect(errorOf(response).code).toBe("room_not_bound");
    }
    // The chat: commands there do nothing. `~event SLUG` from a non-admin is refused in one
    // line, after the commands before it were read (one room's messages go in order).
    await who.eve.sendText(own, "#swift now eve's topic");
    await who.eve.sendText(own, "~motd add info Eve runs this event now");
    const refusal = await ask(who.eve, own, `~event ${EVENT}`, botId);
    expect(bodyOf(refusal)).toBe(`eve: ${mayNotBind(EVENT)}`);
    const after = await state();
    expect(after.version).toBe(before.version);
    expect(after.banners).toEqual(before.banners);
    expect(after.tracks.find((t) => t.name === "swift")?.now).toBe(
      before.tracks.find((t) => t.name === "swift")?.now,
    );
    expect(await boundTo(own)).toBeUndefined();

    // An event admin's invite binds.
    const second = await who.admin.createRoom({ name: `Second ${kind}`, preset: "private_chat" });
    await rig.inviteBot(who.admin, second);
    await vi.waitFor(
      async () => {
        expect(await boundTo(second)).toBe(EVENT);
      },
      { timeout: 15_000, interval: 50 },
    );

    // And an event admin adopts eve's room from inside it.
    await who.eve.invite(own, who.admin.userId);
    await who.admin.join(own);
    expect(bodyOf(await ask(who.admin, own, `~event ${EVENT}`, botId))).toBe(
      `admin: This room is now bound to event ${EVENT}`,
    );
    expect(await boundTo(own)).toBe(EVENT);
  });

  it("lists only public rooms in the public state and ptg.json", async () => {
    const { who } = server();
    // As the server publishes it (its change feed follows the event's version).
    const listed = async () => {
      const response = await api().inject({ method: "GET", url: `/api/v1/events/${EVENT}` });
      return response.json<{ matrixRooms: string[] }>().matrixRooms;
    };
    const rooms = await db()
      .selectFrom("event_rooms")
      .select("chat_room_id")
      .where("chat_room_id", "!=", room)
      .execute();
    const privateRooms = rooms.map((r) => r.chat_room_id);
    expect(privateRooms.length).toBeGreaterThan(0);
    await vi.waitFor(
      async () => {
        expect(await listed()).toEqual([room]);
      },
      { timeout: 15_000, interval: 50 },
    );
    const published = await api().inject({ method: "GET", url: `/api/v1/events/${EVENT}` });
    expect(published.statusCode).toBe(200);
    const document = await api().inject({ method: "GET", url: `/events/${EVENT}/ptg.json` });
    expect(document.statusCode).toBe(200);
    for (const id of privateRooms) {
      expect(published.body).not.toContain(id);
      expect(document.body).not.toContain(id);
    }

    // An admin's mark (`~publicroom on`, by an admin of the room: the one they made) lists a
    // private room; a room made private leaves the list.
    let marked = "";
    for (const id of privateRooms) {
      const { name } = await who.admin.getState<{ name: string }>(id, "m.room.name");
      if (name === `Second ${kind}`) marked = id;
    }
    expect(bodyOf(await ask(who.admin, marked, "~publicroom on", botId))).toBe(
      "admin: Public listing here: on (the page lists this room whatever its join rule)",
    );
    await vi.waitFor(
      async () => {
        expect(await listed()).toEqual([room, marked]);
      },
      { timeout: 15_000, interval: 50 },
    );
    await who.admin.sendState(room, "m.room.join_rules", "", { join_rule: "invite" });
    await vi.waitFor(
      async () => {
        expect(await listed()).toEqual([marked]);
      },
      { timeout: 15_000, interval: 50 },
    );
    await who.admin.sendState(room, "m.room.join_rules", "", { join_rule: "public" });
    await vi.waitFor(
      async () => {
        expect(await listed()).toEqual([room, marked]);
      },
      { timeout: 15_000, interval: 50 },
    );
  });

  it("refuses a kicked user's track action with 503 while no bot syncs, and as the kick dictates once it is back", async () => {
    const { who } = server();
    await storedJoined(room, who.bob.userId, true);
    const token = await tokenOf(who.bob);
    const now = (topic: string) => act(token, "now", room, { track: "nova", topic });
    const first = await now("before the kick");
    expect(first.statusCode, first.body).toBe(200);

    await rig.stopBot();
    await who.admin.request("POST", `/rooms/${encodeURIComponent(room)}/kick`, {
      body: { user_id: who.bob.userId, reason: "trust test" },
    });
    // Nothing syncs: within the max age what is stored still stands; after it, 503.
    const stoppedAt = Date.now();
    await vi.waitFor(
      async () => {
        const response = await now("while no bot syncs");
        expect(response.statusCode).toBe(503);
        expect(errorOf(response)).toEqual({ code: "power_stale", message: POWER_STALE });
      },
      { timeout: (MAX_AGE_SECONDS + 10) * 1000, interval: 200 },
    );
    expect(Date.now() - stoppedAt).toBeLessThan((MAX_AGE_SECONDS + 5) * 1000);
    const me = await api().inject({
      method: "GET",
      url: `/api/v1/events/${EVENT}/me?room=${encodeURIComponent(room)}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(
      me.json<{ powerFreshness: { fresh: boolean; ageSeconds: number } }>().powerFreshness,
    ).toMatchObject({ fresh: false, maxAgeSeconds: MAX_AGE_SECONDS });

    // The bot is back: it reads the kick, and the action is refused as the kick dictates.
    await rig.startBot();
    await vi.waitFor(
      async () => {
        const response = await now("after the kick");
        expect(response.statusCode).toBe(403);
        expect(errorOf(response).code).toBe("not_joined");
      },
      { timeout: 30_000, interval: 200 },
    );
    expect((await state()).tracks.find((t) => t.name === "nova")?.now).not.toBe("after the kick");
  });
});
