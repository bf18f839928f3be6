// Signing in to the widget API as a Matrix user, end to end: a real Synapse (with its OpenID
// userinfo resource) issues real OpenID tokens, the bot keeps the rooms' power levels and members
// in the store as it syncs, and the real server exchanges tokens for sessions and answers "who am
// I here". The refusals (forged or foreign tokens, ended sessions, rooms not joined or of another
// event) are 401/403 and change nothing. PGlite, and PostgreSQL when DATABASE_URL is set.
import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { hashToken } from "../../server/auth/sessions.js";
import { bindChatRoom, ensureEvent, eventForChatRoom } from "../../shared/store/events.js";
import { buildServer } from "../../server/app.js";
import { MatrixClient, matrixRequest } from "../support/matrix-client.js";
import { openIdToken } from "../support/openid-token.js";
import { storeKinds } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { useWidgetRig } from "../support/use-widget-rig.js";
import { ask, bodyOf } from "./support.js";
import { REFUSALS } from "../../shared/operations/permission.js";

const EVENT = "signinptg";
const OTHER_EVENT = "otherptg";
const PUBLIC_URL = "https://ptg.example.org";
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" } },
};
const HOUR = 60 * 60 * 1000;

const errorOf = (response: LightMyRequestResponse) =>
  response.json<{ error: { code: string; message: string } }>().error;

describe.each(storeKinds())("widget sign-in on %s", (kind) => {
  /** The server's clock, moved by the tests. */
  let clock = new Date("2026-05-04T09:00:00Z");
  const rig = useWidgetRig({
    users: ["mod", "bob", "carol"],
    event: EVENT,
    store: { kind, schedule: SCHEDULE },
    server: {
      // The test homeserver is on loopback: mapped, as an operator maps a private server.
      // `elsewhere.example` is a homeserver that lies about whose tokens it checks.
      alsoServe: ["elsewhere.example"],
      widgetAuth: { now: () => clock },
    },
  });
  const server = () => ({ hs: rig.hs, who: rig.users });
  let botId = "";
  let room = "";
  let otherRoom = "";

  const db = () => rig.store.db;
  const api = () => rig.app;
  const signIn = (body: Record<string, unknown>) =>
    api().inject({ method: "POST", url: "/api/v1/sessions", payload: body });
  const tokenOf = (user: MatrixClient): Promise<string> => rig.tokenOf(user);
  const me = (token: string | null, roomId = room, slug = EVENT) =>
    api().inject({
      method: "GET",
      url: `/api/v1/events/${slug}/me?room=${encodeURIComponent(roomId)}`,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });
  const sessionCount = async () =>
    Number(
      (
        await db()
          .selectFrom("widget_sessions")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const eventVersion = async () =>
    (
      await db()
        .selectFrom("events")
        .select("version")
        .where("slug", "=", EVENT)
        .executeTakeFirstOrThrow()
    ).version;
  /** Waits until the bot has stored that `userId` is (or is not) joined to `roomId`. */
  const storedJoined = (roomId: string, userId: string, joined: boolean) =>
    rig.stored(roomId, userId, { joined });

  beforeAll(async () => {
    if (!rig.ready) return; // the tests report it
    const { who } = server();
    const other = await ensureEvent(rig.store.db, OTHER_EVENT);
    botId = rig.botId;

    // The event room: room version 12, where the creator outranks every power level.
    room = (
      await who.mod.request<{ room_id: string }>("POST", "/createRoom", {
        body: { name: `Signin ${kind}`, preset: "public_chat", room_version: "12" },
      })
    ).room_id;
    await rig.inviteBot(who.mod, room);
    await who.bob.join(room);

    // A room of another event, which bob has joined too.
    otherRoom = await who.mod.createRoom({ name: `Other ${kind}`, preset: "public_chat" });
    await rig.inviteBot(who.mod, otherRoom);
    // The bot binds a room it joins to the default event, after its join: rebind it only then,
    // or the bot's binding could come last.
    const db = rig.store.db;
    await vi.waitFor(
      async () => {
        expect(await eventForChatRoom(db, otherRoom)).toBeDefined();
      },
      { timeout: 15_000, interval: 100 },
    );
    await bindChatRoom(db, otherRoom, other.id);
    await who.bob.join(otherRoom);
  }, 120_000);

  it("exchanges a real OpenID token for a session, storing only its hash", async () => {
    const { who } = server();
    const before = await sessionCount();
    const response = await signIn({ ...(await openIdToken(who.bob)) });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{ token: string; userId: string; expiresAt: string }>();
    expect(body.userId).toBe(who.bob.userId);
    expect(new Date(body.expiresAt).getTime()).toBe(clock.getTime() + HOUR);
    expect(await sessionCount()).toBe(before + 1);
    const rows = await db().selectFrom("widget_sessions").selectAll().execute();
    expect(rows.some((r) => r.token_hash === hashToken(body.token))).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(body.token);
  });

  it("reports the power level the bot synced: 0, then 50 after the moderator's change", async () => {
    const { who } = server();
    const token = await tokenOf(who.bob);
    await storedJoined(room, who.bob.userId, true);
    const response = await me(token);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      userId: who.bob.userId,
      name: "bob",
      roomId: room,
      event: EVENT,
      powerLevel: 0,
      creator: false,
      may: { user: true, track: true, admin: false },
      why: { admin: REFUSALS.admin },
      expiresAt: new Date(clock.getTime() + HOUR).toISOString(),
      // The bot is syncing: what it stored is fresh.
      powerFreshness: { ageSeconds: expect.any(Number) as number, maxAgeSeconds: 60, fresh: true },
      // The event's links are public: nothing more to give.
      links: null,
      // Leads nothing; the event does not require leads, so any track's actions.
      leads: [],
      tracks: "all",
    });
    // The same words as the chat's refusal.
    expect(bodyOf(await ask(who.bob, room, "~list", botId))).toBe(`bob: ${REFUSALS.admin}`);

    await who.mod.setPowerLevel(room, who.bob.userId, 50);
    await expect
      .poll(async () => (await me(token)).json<unknown>(), { timeout: 15_000, interval: 100 })
      .toMatchObject({ powerLevel: 50, may: { user: true, track: true, admin: true }, why: {} });
  });

  it("follows ~requirevoice, and ranks the room's creator above every level", async () => {
    const { who } = server();
    const carolToken = await tokenOf(who.carol);
    await who.carol.join(room);
    await storedJoined(room, who.carol.userId, true);
    await ask(who.mod, room, "~requirevoice", botId);
    try {
      let response = await me(carolToken);
      expect(response.json()).toMatchObject({
        powerLevel: 0,
        may: { user: true, track: false, admin: false },
        why: { track: REFUSALS.track, admin: REFUSALS.admin },
      });
      expect(bodyOf(await ask(who.carol, room, "#swift now sneaky", botId))).toBe(
        `carol: ${REFUSALS.track}`,
      );

      response = await me(await tokenOf(who.mod));
      expect(response.json()).toMatchObject({
        userId: who.mod.userId,
        creator: true,
        powerLevel: Number.MAX_SAFE_INTEGER,
        may: { user: true, track: true, admin: true },
      });
    } finally {
      await ask(who.mod, room, "~alloweveryone", botId);
    }
  });

  it("accepts an OpenID token once: the same token again is 401 and stores nothing", async () => {
    const { who } = server();
    const token = await openIdToken(who.bob);
    expect((await signIn({ ...token })).statusCode).toBe(201);
    const before = await sessionCount();
    const again = await signIn({ ...token });
    expect(again.statusCode).toBe(401);
    expect(errorOf(again)).toEqual({
      code: "unauthorized",
      message: "This OpenID token was used already; ask for a new one",
    });
    expect(await sessionCount()).toBe(before);
  });

  it("refuses a forged token with 401 and stores nothing", async () => {
    const { hs } = server();
    const before = await sessionCount();
    const response = await signIn({
      access_token: "forged-token-that-no-homeserver-issued",
      matrix_server_name: hs.serverName,
      token_type: "Bearer",
      expires_in: 3600,
    });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response)).toEqual({
      code: "unauthorized",
      message: `The homeserver of ${hs.serverName} did not accept the token`,
    });
    expect(await sessionCount()).toBe(before);
  });

  it("refuses a token whose user belongs to another server than the one it names", async () => {
    const { who } = server();
    const before = await sessionCount();
    const token = await openIdToken(who.bob);
    const response = await signIn({ ...token, matrix_server_name: "elsewhere.example" });
    expect(response.statusCode).toBe(401);
    expect(errorOf(response).message).toBe(
      `The homeserver of elsewhere.example vouched for ${who.bob.userId}, a user of another server`,
    );
    expect(await sessionCount()).toBe(before);
    // The same token, from the right server, is good: only the lie was refused.
    expect((await signIn({ ...token })).statusCode).toBe(201);
  });

  it("refuses a server name nobody mapped that resolves to a private address", async () => {
    const { who } = server();
    const before = await sessionCount();
    const token = await openIdToken(who.bob);
    const response = await signIn({ ...token, matrix_server_name: "127.0.0.1:8008" });
    expect(response.statusCode).toBe(401);
    // Refused at the socket by the address policy (shared/net), before anything is sent.
    expect(errorOf(response).message).toMatch(
      /^The homeserver of 127\.0\.0\.1:8008 is not on a public address \(127\.0\.0\.1 is a non-public address \(loopback\)\)$/,
    );
    expect(await sessionCount()).toBe(before);
  });

  it("refuses an expired session, a session after sign-out, and a missing or bad header", async () => {
    const { who } = server();
    const version = await eventVersion();
    await storedJoined(room, who.bob.userId, true);

    // Missing and malformed Authorization.
    let response = await me(null);
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toMatch(/^Bearer /);
    expect(errorOf(response).code).toBe("unauthorized");
    response = await api().inject({
      method: "GET",
      url: `/api/v1/events/${EVENT}/me?room=${encodeURIComponent(room)}`,
      headers: { authorization: "Basic Ym9iOnNlY3JldA==" },
    });
    expect(response.statusCode).toBe(401);
    expect((await me("ptgw_notatokennotatokennotatokennotatokennotato")).statusCode).toBe(401);

    // Expired: the server's clock moves past the session's end.
    const expiring = await tokenOf(who.bob);
    expect((await me(expiring)).statusCode).toBe(200);
    const start = clock;
    clock = new Date(start.getTime() + HOUR + 1000);
    try {
      response = await me(expiring);
      expect(response.statusCode).toBe(401);
      expect(errorOf(response).message).toBe(
        "Your session has expired or was ended; sign in again",
      );
    } finally {
      clock = start;
    }

    // Signed out: the session is gone for good.
    const token = await tokenOf(who.bob);
    expect((await me(token)).statusCode).toBe(200);
    const before = await sessionCount();
    response = await api().inject({
      method: "DELETE",
      url: "/api/v1/sessions/current",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(204);
    expect(await sessionCount()).toBe(before - 1);
    expect((await me(token)).statusCode).toBe(401);
    response = await api().inject({
      method: "DELETE",
      url: "/api/v1/sessions/current",
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(401);
    expect(await eventVersion()).toBe(version);
  });

  it("refuses rooms the user has not joined or that belong to another event", async () => {
    const { who, hs } = server();
    const version = await eventVersion();
    // A user who joined and left: the bot stores the departure.
    const dan = await hs.registerUser(`dan_${kind}`);
    const danClient = new MatrixClient(hs.baseUrl, dan.accessToken, dan.userId);
    await danClient.join(room);
    await storedJoined(room, dan.userId, true);
    const danToken = await tokenOf(danClient);
    expect((await me(danToken)).statusCode).toBe(200);
    await danClient.leave(room);
    await storedJoined(room, dan.userId, false);
    let response = await me(danToken);
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({
      code: "not_joined",
      message: `${dan.userId} is not joined to that room`,
    });

    // Bob is joined to the other event's room: not an event room of this event.
    const bobToken = await tokenOf(who.bob);
    await storedJoined(otherRoom, who.bob.userId, true);
    response = await me(bobToken, otherRoom);
    expect(response.statusCode).toBe(403);
    expect(errorOf(response)).toEqual({
      code: "room_not_bound",
      message: `That room belongs to another event, not '${EVENT}'`,
    });
    // …but it is one of the other event's.
    expect((await me(bobToken, otherRoom, OTHER_EVENT)).statusCode).toBe(200);
    // A room the bot is not in at all, and an event that does not exist.
    response = await me(bobToken, "!nowhere:example.org");
    expect(response.statusCode).toBe(403);
    expect(errorOf(response).code).toBe("room_not_bound");
    expect((await me(bobToken, room, "no-such-event")).statusCode).toBe(404);
    expect(await eventVersion()).toBe(version);
  });

  it("forgets the state of a room the bot leaves", async () => {
    const { who } = server();
    const gone = await who.mod.createRoom({ name: `Gone ${kind}`, preset: "public_chat" });
    await rig.inviteBot(who.mod, gone);
    await who.bob.join(gone);
    await storedJoined(gone, who.bob.userId, true);
    const stored = () =>
      db().selectFrom("matrix_room_power").select("room_id").where("room_id", "=", gone).execute();
    expect(await stored()).toHaveLength(1);

    await who.mod.request("POST", `/rooms/${encodeURIComponent(gone)}/kick`, {
      body: { user_id: botId },
    });
    await storedJoined(gone, who.bob.userId, false);
    await expect.poll(async () => (await stored()).length, { timeout: 15_000 }).toBe(0);
  });

  it("allows only the widget's origin in CORS", async () => {
    const preflight = (origin: string) =>
      api().inject({
        method: "OPTIONS",
        url: `/api/v1/events/${EVENT}/me?room=x`,
        headers: {
          origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
    let response = await preflight(PUBLIC_URL);
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe(PUBLIC_URL);
    expect(String(response.headers["access-control-allow-headers"])).toMatch(/authorization/i);
    response = await preflight("https://evil.example");
    expect(response.statusCode).toBe(404);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    response = await api().inject({
      method: "GET",
      url: `/api/v1/events/${EVENT}/me?room=x`,
      headers: { origin: "https://evil.example" },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    // The public state keeps allowing everyone.
    response = await api().inject({
      method: "GET",
      url: `/api/v1/events/${EVENT}`,
      headers: { origin: "https://evil.example" },
    });
    expect(response.headers["access-control-allow-origin"]).toBe("*");
  });

  it("limits requests per signed-in user, not per address", async () => {
    const { who, hs } = server();
    const limited = await buildServer({
      store: rig.store,
      config: { publicUrl: PUBLIC_URL, matrixServers: new Map([[hs.serverName, hs.baseUrl]]) },
      widgetAuth: { requestsPerUserPerWindow: 2, rateWindowMs: 60 * 60_000 },
    });
    try {
      const tokenFor = async (user: MatrixClient) => {
        const response = await limited.inject({
          method: "POST",
          url: "/api/v1/sessions",
          payload: { ...(await openIdToken(user)) },
        });
        return response.json<{ token: string }>().token;
      };
      const ask = (token: string) =>
        limited.inject({
          method: "GET",
          url: `/api/v1/events/${EVENT}/me?room=${encodeURIComponent(room)}`,
          headers: { authorization: `Bearer ${token}` },
        });
      const bob = await tokenFor(who.bob);
      const mod = await tokenFor(who.mod);
      expect((await ask(bob)).statusCode).toBe(200);
      expect((await ask(bob)).statusCode).toBe(200);
      const refused = await ask(bob);
      expect(refused.statusCode).toBe(429);
      expect(errorOf(refused).code).toBe("rate_limited");
      // Same address, another user: a budget of their own.
      expect((await ask(mod)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("the test homeserver", () => {
  const synapse = useSynapse({ users: ["bob"] });

  it("serves the OpenID userinfo the server relies on", async () => {
    const hs = synapse();
    const who = hs.users;
    const token = await openIdToken(who.bob);
    expect(token.matrix_server_name).toBe(hs.serverName);
    const info = await matrixRequest<{ sub: string }>(
      hs.baseUrl,
      "GET",
      `/_matrix/federation/v1/openid/userinfo?access_token=${encodeURIComponent(token.access_token)}`,
    );
    expect(info.sub).toBe(who.bob.userId);
  });
});
