// Notifications to many followers, end to end on a real Synapse: followers' direct rooms are
// opened when they start following (not at the first notification), m.direct is written once per
// batch of rooms, and a `now` reaches every follower once, in order, sent several at a time,
// with no state request, /messages or room creation on the way.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SENDS_IN_FLIGHT } from "../../bot/delivery/outbox.js";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { follow } from "../../shared/store/follows.js";
import { isStatusMessage, MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import { openTestStore, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { recordingLog, testConfig, waitForJoin } from "./support.js";

const EVENT = "manyptg";
const FOLLOWERS = 24;
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" } },
};

const synapse = useSynapse();

describe("notifications to many followers", () => {
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;
  const log = recordingLog();

  afterAll(async () => {
    await bot?.stop();
    await store?.close();
  }, 30_000);

  let botId = "";
  let botAccount: MatrixClient | undefined;
  let mod: MatrixClient | undefined;
  let room = "";
  const followers: string[] = [];
  /** What the bot asked of the homeserver, with how many of its sends were under way. */
  const requests: { method: string; endpoint: string }[] = [];
  let sending = 0;
  let mostSending = 0;
  let directWrites = 0;

  beforeAll(async () => {
    const hs = synapse();
    store = await openTestStore("pglite");
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    const account = await hs.registerUser("manybot", { displayName: "ptgbot" });
    botId = account.userId;
    botAccount = new MatrixClient(hs.baseUrl, account.accessToken, botId);
    const moderator = await hs.registerUser("manymod", { displayName: "Moderator" });
    mod = new MatrixClient(hs.baseUrl, moderator.accessToken, moderator.userId);
    for (let i = 0; i < FOLLOWERS; i++) {
      followers.push((await hs.registerUser(`follower${i}`)).userId);
    }
    bot = await startBot({
      store,
      config: testConfig(hs.baseUrl, account.accessToken, EVENT, null),
      log,
      syncTimeoutMs: 3_000,
    });
    const client = bot.client;
    const doRequest = client.doRequest.bind(client);
    vi.spyOn(client, "doRequest").mockImplementation(async (...args: unknown[]) => {
      const [method, endpoint] = args;
      const request = { method: String(method), endpoint: String(endpoint) };
      requests.push(request);
      const isSend = request.method === "PUT" && request.endpoint.includes("/send/");
      if (isSend) mostSending = Math.max(mostSending, ++sending);
      try {
        return (await doRequest(...(args as Parameters<typeof doRequest>))) as unknown;
      } finally {
        if (isSend) sending--;
      }
    });
    const setAccountData = client.setAccountData.bind(client);
    vi.spyOn(client, "setAccountData").mockImplementation((type: string, content: unknown) => {
      if (type === "m.direct") directWrites++;
      return setAccountData(type, content);
    });
    room = await mod.createRoom({ name: "Many", preset: "public_chat" });
    await mod.invite(room, botId);
    await waitForJoin(mod, room, botId);
  }, 180_000);

  const directList = async (): Promise<Record<string, string[]>> => {
    if (botAccount === undefined) throw new Error("no bot account");
    return botAccount.request<Record<string, string[]>>(
      "GET",
      `/user/${encodeURIComponent(botId)}/account_data/m.direct`,
    );
  };

  it("opens a direct room for each follower as they start following, m.direct written per batch", async () => {
    if (store === undefined) throw new Error("no store");
    const db = store.db;
    const { id: eventId } = await db
      .selectFrom("events")
      .select("id")
      .where("slug", "=", EVENT)
      .executeTakeFirstOrThrow();
    const { id: trackId } = await db
      .selectFrom("tracks")
      .select("id")
      .where("event_id", "=", eventId)
      .where("name", "=", "swift")
      .executeTakeFirstOrThrow();
    await db.transaction().execute(async (trx) => {
      for (const [i, personKey] of followers.entries()) {
        await follow(trx, { eventId, personKey, nick: `follower${i}` }, trackId);
      }
    });
    await vi.waitFor(
      async () => {
        const list = await directList();
        expect(followers.filter((f) => list[f]?.length !== 1)).toEqual([]);
      },
      { timeout: 60_000, interval: 250 },
    );
    const created = requests.filter((r) => r.endpoint.endsWith("/createRoom"));
    expect(created).toHaveLength(FOLLOWERS);
    // Rooms were opened side by side: the list was rewritten fewer times than rooms were opened.
    expect(directWrites).toBeGreaterThan(0);
    expect(directWrites).toBeLessThan(FOLLOWERS);
    // What the database knows of each room: the follower, invited.
    const states = await db
      .selectFrom("matrix_direct_rooms")
      .select(["user_id", "membership"])
      .execute();
    expect(
      states
        .filter((s) => s.membership === "invite")
        .map((s) => s.user_id)
        .sort(),
    ).toEqual([...followers].sort());
  }, 90_000);

  it("tells every follower once, in order, several at a time, with no state read on the way", async () => {
    if (mod === undefined || botAccount === undefined) throw new Error("not set up");
    const before = requests.length;
    await mod.sendText(room, "#swift now keynote");
    await mod.sendText(room, "#swift next lunch");
    const list = await directList();
    const account = botAccount;
    const bodiesIn = async (dm: string): Promise<string[]> => {
      const page = await account.request<{ chunk: RoomEvent[] }>(
        "GET",
        `/rooms/${encodeURIComponent(dm)}/messages?dir=f&limit=50`,
      );
      return page.chunk
        .filter((e) => e.type === "m.room.message" && e.sender === botId && !isStatusMessage(e))
        .map((e) => (typeof e.content.body === "string" ? e.content.body : ""));
    };
    const expected = ["now in #swift (Ballroom A): keynote", "next in #swift (Ballroom A): lunch"];
    await vi.waitFor(
      async () => {
        for (const follower of followers) {
          const dm = list[follower]?.[0];
          expect(dm).toBeDefined();
          expect(await bodiesIn(dm ?? "")).toEqual(expected);
        }
      },
      { timeout: 60_000, interval: 500 },
    );
    const during = requests.slice(before);
    // Sends to the direct rooms (the event room gets the pinned status message and its edits).
    const sends = during.filter(
      (r) =>
        r.method === "PUT" &&
        r.endpoint.includes("/send/") &&
        !r.endpoint.includes(encodeURIComponent(room)),
    );
    // Two notifications per follower (`now` and `next` have no reply in the room).
    expect(sends.length).toBe(2 * FOLLOWERS);
    expect(mostSending).toBeGreaterThan(1);
    expect(mostSending).toBeLessThanOrEqual(SENDS_IN_FLIGHT);
    // (The command's room is read once for its sender's name: not a direct room.)
    const asked = during.filter(
      (r) =>
        r.endpoint.endsWith("/createRoom") ||
        (!r.endpoint.includes(encodeURIComponent(room)) && r.endpoint.includes("/state")) ||
        r.endpoint.endsWith("/joined_members") ||
        r.endpoint.endsWith("/messages"),
    );
    expect(asked).toEqual([]);
  }, 90_000);

  it("read no room's state nor missed events for the direct rooms it opened", () => {
    const touched = requests.filter(
      (r) =>
        r.method === "GET" &&
        (r.endpoint.endsWith("/joined_members") || r.endpoint.endsWith("/messages")) &&
        !r.endpoint.includes(encodeURIComponent(room)),
    );
    expect(touched).toEqual([]);
    expect(log.lines.filter((l) => l.startsWith("error"))).toEqual([]);
  });
});
