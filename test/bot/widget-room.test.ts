// What the room sees of widget actions, and who hears of them, end to end on a real Synapse with
// the real bot and server (PGlite, and PostgreSQL when DATABASE_URL is set):
// - a banner posted from the widget appears in the room once, as the bot's reply addressed to the
//   actor and marked "(from the widget)", also when the bot restarts between applying and sending,
//   and when it dies after sending and before marking the reply sent (a resend with the same
//   transaction id, which Synapse deduplicates);
// - a check-in from the widget posts nothing in the room;
// - a follower who sets their followed track's now, from chat or from the widget, is not told of
//   it, while another follower is;
// - a user whose display name differs from their localpart checks in from chat, then from the
//   widget: one person in the state, under their display name, and `+seen` finds them by it.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { OutboxHooks } from "../../bot/outbox.js";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/ptgbot/import-event.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { buildServer } from "../../server/app.js";
import { isStatusMessage, MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { ask, bodyOf, directMessages, recordingLog, testConfig, waitForJoin } from "./support.js";

const EVENT = "roomptg";
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" }, "Ballroom B": { MonA1: "nova" } },
};

const synapse = useSynapse({ extraResources: ["openid"] });

interface OpenIdToken {
  access_token: string;
  expires_in: number;
  matrix_server_name: string;
  token_type: string;
}

describe.each(storeKinds())("what the room sees of widget actions on %s", (kind) => {
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;
  let app: FastifyInstance | undefined;
  let botId = "";
  let botToken = "";
  let room = "";
  const people = new Map<string, MatrixClient>();
  /** Set when set-up failed: every test then fails with it (a failing beforeAll reports skips). */
  let setupError: unknown;

  const db = () => {
    if (store === undefined) throw new Error("no store");
    return store.db;
  };
  const who = (localpart: string): MatrixClient => {
    if (setupError !== undefined) {
      throw setupError instanceof Error ? setupError : new Error("set-up failed");
    }
    const client = people.get(localpart);
    if (client === undefined) throw new Error(`no ${localpart} (set-up failed?)`);
    return client;
  };
  const startTheBot = (outboxHooks?: OutboxHooks) =>
    startBot({
      store: store as TestStore,
      config: testConfig(synapse().baseUrl, botToken, EVENT, (store as TestStore).url),
      log: recordingLog(),
      syncTimeoutMs: 3_000,
      lockRetryMs: 200,
      outboxHooks,
    });
  const tokenOf = async (user: MatrixClient): Promise<string> => {
    const openId = await user.request<OpenIdToken>(
      "POST",
      `/user/${encodeURIComponent(user.userId)}/openid/request_token`,
      { body: {} },
    );
    const response = await (app as FastifyInstance).inject({
      method: "POST",
      url: "/api/v1/sessions",
      payload: { ...openId },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ token: string }>().token;
  };
  const act = async (user: MatrixClient, action: string, body: Record<string, unknown>) => {
    const response = await (app as FastifyInstance).inject({
      method: "POST",
      url: `/api/v1/events/${EVENT}/actions/${action}`,
      headers: { authorization: `Bearer ${await tokenOf(user)}` },
      payload: { room, ...body },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ reply: string }>().reply;
  };
  /** Every message the bot sent in the room, oldest first (read back from the homeserver). */
  const botSaid = async (): Promise<string[]> => {
    const page = await who("mod").request<{ chunk: RoomEvent[] }>(
      "GET",
      `/rooms/${encodeURIComponent(room)}/messages?dir=b&limit=500`,
    );
    return page.chunk
      .filter((e) => e.type === "m.room.message" && e.sender === botId && !isStatusMessage(e))
      .map((e) => (typeof e.content.body === "string" ? e.content.body : ""))
      .reverse();
  };
  /** Waits until the bot stored `userId` as joined, with the display name it shows. */
  const storedMember = async (userId: string, level: number | null) => {
    await vi.waitFor(
      async () => {
        const member = await db()
          .selectFrom("matrix_room_members")
          .select("display_name")
          .where("room_id", "=", room)
          .where("user_id", "=", userId)
          .executeTakeFirst();
        const power = await db()
          .selectFrom("matrix_room_power")
          .select("users")
          .where("room_id", "=", room)
          .executeTakeFirst();
        const stored = (power?.users as Record<string, number> | undefined)?.[userId];
        if (member === undefined || (level !== null && stored !== level)) {
          throw new Error(`the bot has not stored ${userId} yet`);
        }
      },
      { timeout: 15_000, interval: 50 },
    );
  };
  /** The bot's next message in its direct chat with a user. */
  const nextDirect = directMessages(() => botId);

  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error;
    }
  }, 180_000);

  async function setUp(): Promise<void> {
    const hs = synapse();
    store = await openTestStore(kind);
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    for (const [localpart, displayName] of [
      ["mod", "mod"],
      ["alice", "alice"],
      ["dan", "dan"],
      // Shown by a name that is not their localpart.
      ["jdoe", "JohnDoe"],
    ] as const) {
      const user = await hs.registerUser(`${localpart}_${kind}`, { displayName });
      people.set(localpart, new MatrixClient(hs.baseUrl, user.accessToken, user.userId));
    }
    const account = await hs.registerUser(`ptgbot_room_${kind}`, { displayName: "ptgbot" });
    botId = account.userId;
    botToken = account.accessToken;
    bot = await startTheBot();
    app = await buildServer({
      store,
      config: {
        publicUrl: "https://ptg.example.org",
        matrixServers: new Map([[hs.serverName, hs.baseUrl]]),
      },
    });
    room = await who("mod").createRoom({ name: `Room ${kind}`, preset: "public_chat" });
    await who("mod").invite(room, botId);
    await waitForJoin(who("mod"), room, botId);
    for (const name of ["alice", "dan", "jdoe"]) await who(name).join(room);
    // alice is an admin (the event's admin level is 50).
    await who("mod").setPowerLevel(room, who("alice").userId, 50);
    await storedMember(who("alice").userId, 50);
  }

  afterAll(async () => {
    await app?.close();
    await bot?.stop();
    await store?.close();
  }, 30_000);

  it("posts a banner from the widget in the room once, as the bot's reply to the actor", async () => {
    const alice = who("alice");
    await alice.syncToNow();
    const reply = await act(alice, "banner", { level: "warning", message: "Lunch moved to 13:00" });
    expect(reply).toBe("Added banner 1 (warning): Lunch moved to 13:00");
    const posted = await alice.waitForMessage(room, (e) => e.sender === botId);
    const words = "alice: Added banner 1 (warning): Lunch moved to 13:00 (from the widget)";
    expect(bodyOf(posted)).toBe(words);
    expect(posted.content["m.mentions"]).toEqual({ user_ids: [alice.userId] });
    // A later command's reply comes after it: by then the banner's was sent, and only once.
    expect(bodyOf(await ask(who("mod"), room, "+seen nobodymarker", botId))).toBe(
      "mod: nobodymarker never checked in anywhere",
    );
    expect((await botSaid()).filter((body) => body === words)).toHaveLength(1);
  });

  it("sends it once when the bot restarts between applying the action and sending its reply", async () => {
    const alice = who("alice");
    await bot?.stop();
    bot = undefined;
    const reply = await act(alice, "remove-banner", { number: 1 });
    expect(reply).toBe("Removed banner 1");
    // Applied, and waiting in the outbox while no bot runs.
    const pending = await db()
      .selectFrom("outbox")
      .select(["destination", "message"])
      .where("delivered_at", "is", null)
      .execute();
    expect(pending).toEqual([
      {
        destination: {
          kind: "matrix.room",
          roomId: room,
          to: { userId: alice.userId, nick: "alice" },
        },
        message: { kind: "text", text: "Removed banner 1 (from the widget)" },
      },
    ]);
    expect((await loadEventState(db(), EVENT))?.banners).toEqual([]);

    await who("mod").syncToNow();
    bot = await startTheBot();
    // The new bot drains the outbox: the reply comes first, then the marker's.
    const drained = await who("mod").waitForMessage(room, (e) => e.sender === botId);
    expect(bodyOf(drained)).toBe("alice: Removed banner 1 (from the widget)");
    expect(bodyOf(await ask(who("mod"), room, "+seen restartmarker", botId))).toBe(
      "mod: restartmarker never checked in anywhere",
    );
    const said = await botSaid();
    expect(
      said.filter((body) => body === "alice: Removed banner 1 (from the widget)"),
    ).toHaveLength(1);
    const left = db().selectFrom("outbox").select("id").where("delivered_at", "is", null);
    expect(await left.execute()).toEqual([]);
  });

  it("sends it once when the bot dies after sending the reply and before marking it sent", async () => {
    const alice = who("alice");
    await bot?.stop();
    // This bot sends the reply, then fails before marking its row (as a kill -9 would leave it),
    // each time it tries.
    const words = "alice: Added banner 1 (info): crash marker (from the widget)";
    let sends = 0;
    bot = await startTheBot({
      afterSend: (row) => {
        if (row.message.kind === "text" && row.message.text.includes("crash marker")) {
          sends++;
          throw new Error("died before marking the row (simulated)");
        }
      },
    });
    await who("mod").syncToNow();
    expect(await act(alice, "banner", { level: "info", message: "crash marker" })).toBe(
      "Added banner 1 (info): crash marker",
    );
    expect(bodyOf(await who("mod").waitForMessage(room, (e) => e.sender === botId))).toBe(words);
    await bot.stop();
    bot = undefined;
    expect(sends).toBeGreaterThanOrEqual(1);
    const unmarked = db().selectFrom("outbox").select("id").where("delivered_at", "is", null);
    expect(await unmarked.execute()).toHaveLength(1);

    // The next bot sends it again, with the same transaction id: the room holds it once.
    bot = await startTheBot();
    expect(bodyOf(await ask(who("mod"), room, "+seen crashmarker", botId))).toBe(
      "mod: crashmarker never checked in anywhere",
    );
    expect(await unmarked.execute()).toEqual([]);
    expect((await botSaid()).filter((body) => body === words)).toHaveLength(1);
    await who("mod").syncToNow();
    await act(alice, "remove-banner", { number: 1 });
    await who("mod").waitForMessage(room, (e) => e.sender === botId);
  });

  it("posts nothing in the room for a check-in from the widget", async () => {
    const before = (await botSaid()).length;
    expect(await act(who("dan"), "check-in", { place: "#swift" })).toBe(
      "OK, checked into #swift - thanks for the update!",
    );
    expect(bodyOf(await ask(who("mod"), room, "+seen dan", botId))).toMatch(
      /^mod: dan was last seen in #swift at /,
    );
    // Only the marker's reply came since.
    expect((await botSaid()).slice(before)).toEqual([
      expect.stringMatching(/^mod: dan was last seen in #swift at /),
    ]);
  });

  it("does not tell a follower of the now they set, from chat or from the widget; others hear", async () => {
    const alice = who("alice");
    const dan = who("dan");
    expect(await act(alice, "follow", { track: "nova" })).toBe("Following #nova");
    expect(bodyOf(await ask(dan, room, "+follow #nova", botId))).toBe("dan: Following #nova");

    await who("mod").syncToNow();
    expect(await act(alice, "now", { track: "nova", topic: "placement" })).toBe("");
    // The chat command gets no reply (the room saw it); from the widget, the room is told it.
    const told = await who("mod").waitForMessage(room, (e) => e.sender === botId);
    expect(bodyOf(told)).toBe("alice: #nova now placement (from the widget)");
    expect(await nextDirect(dan)).toBe("now in #nova (Ballroom B): placement");
    await dan.syncToNow();
    await alice.sendText(room, "#nova now said in the chat");
    expect(await nextDirect(dan)).toBe("now in #nova (Ballroom B): said in the chat");

    // Someone else's change reaches alice: the first thing the bot ever tells her.
    await who("mod").sendText(room, "#nova next set by the moderator");
    expect(await nextDirect(alice)).toBe("next in #nova (Ballroom B): set by the moderator");
  });

  it("knows one person by one name, from chat and from the widget", async () => {
    const jdoe = who("jdoe");
    await storedMember(jdoe.userId, null);
    expect(bodyOf(await ask(jdoe, room, "+in #swift", botId))).toBe(
      "JohnDoe: OK, checked into #swift - thanks for the update!",
    );
    expect(await act(jdoe, "check-in", { place: "#nova" })).toBe(
      "OK, checked into #nova - thanks for the update!",
    );
    const rows = await db()
      .selectFrom("check_ins")
      .select(["person_key", "nick", "location"])
      .where("person_key", "=", jdoe.userId)
      .execute();
    expect(rows).toEqual([{ person_key: jdoe.userId, nick: "JohnDoe", location: "#nova" }]);
    const state = await loadEventState(db(), EVENT);
    const nova = state?.tracks.find((t) => t.name === "nova");
    expect(nova?.checkedIn.map((p) => p.nick)).toContain("JohnDoe");
    expect(JSON.stringify(state?.tracks.flatMap((t) => t.checkedIn))).not.toContain('"jdoe');
    expect(bodyOf(await ask(who("mod"), room, "+seen JohnDoe", botId))).toMatch(
      /^mod: JohnDoe was last seen in #nova at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
  });
});
