// A restart of the bot in many rooms, on a real Synapse, behind a request meter
// (bench/request-meter.ts): every request it makes that is not a /sync or a message it sends goes
// at its pace (PTG_MATRIX_REQUESTS_PER_SECOND), measured on the wire as the busiest sliding
// second, and a command sent while that paced backlog runs is answered at once, and once.
import { afterAll, describe, expect, it } from "vitest";
import { startRequestMeter, type RequestMeter } from "../../bench/request-meter.js";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { bindChatRoom, ensureEvent } from "../../shared/store/events.js";
import { isStatusMessage, MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import { openTestStore, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { bodyOf, recordingLog, testConfig } from "./support.js";

const EVENT = "startpace";
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" } },
};
/** Rooms of the bot's own, and direct rooms with followers of #swift. */
const ROOMS = 16;
const FOLLOWERS = 8;
/** The pace of the restart: low, so that its backlog of room reads lasts several seconds. */
const RATE = 5;

const synapse = useSynapse();

interface Sent {
  at: number;
  method: string;
  endpoint: string;
  paced: boolean;
}

describe("a restart in many rooms", () => {
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;
  let meter: RequestMeter | undefined;

  afterAll(async () => {
    await bot?.stop();
    await meter?.close();
    await store?.close();
  }, 30_000);

  it("sends at most its pace in any second, and answers a command during it once", async () => {
    const hs = synapse();
    const account = await hs.registerUser("startpacebot", { displayName: "ptgbot" });
    const botId = account.userId;
    const botClient = new MatrixClient(hs.baseUrl, account.accessToken, botId);
    const moderator = await hs.registerUser("startpacemod", { displayName: "Moderator" });
    const mod = new MatrixClient(hs.baseUrl, moderator.accessToken, moderator.userId);

    // The bot's rooms: the event's room (the moderator's), rooms of its own, and a direct room
    // with each follower of #swift, listed in its m.direct.
    const eventRoom = await mod.createRoom({ name: "Start pace", preset: "public_chat" });
    await mod.invite(eventRoom, botId);
    await botClient.join(eventRoom);
    const rooms: string[] = [];
    for (let i = 0; i < ROOMS; i++) {
      rooms.push(await botClient.createRoom({ name: `Room ${String(i)}`, preset: "public_chat" }));
    }
    const followers: string[] = [];
    const direct: Record<string, string[]> = {};
    for (let i = 0; i < FOLLOWERS; i++) {
      const follower = await hs.registerUser(`startpacef${String(i)}`);
      followers.push(follower.userId);
      const roomId = await botClient.createRoom({
        invite: [follower.userId],
        isDirect: true,
        preset: "trusted_private_chat",
      });
      direct[follower.userId] = [roomId];
      rooms.push(roomId);
    }
    await botClient.request("PUT", `/user/${encodeURIComponent(botId)}/account_data/m.direct`, {
      body: direct,
    });

    store = await openTestStore("pglite");
    const db = store.db;
    await importIntoEvent(db, EVENT, SCHEDULE);
    const event = await ensureEvent(db, EVENT);
    await bindChatRoom(db, eventRoom, event.id);
    await db
      .insertInto("matrix_direct_rooms")
      .values(
        Object.entries(direct).map(([userId, [roomId]]) => ({
          room_id: roomId ?? "",
          user_id: userId,
          membership: "invite",
          since: new Date(),
        })),
      )
      .execute();
    const swift = await db
      .selectFrom("tracks")
      .select("id")
      .where("event_id", "=", event.id)
      .where("name", "=", "swift")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("follows")
      .values(
        followers.map((userId) => ({
          track_id: swift.id,
          event_id: event.id,
          person_key: userId,
          nick: userId.slice(1, userId.indexOf(":")),
        })),
      )
      .execute();

    meter = await startRequestMeter(hs.baseUrl);
    const config = testConfig(meter.url, account.accessToken, EVENT, null);
    const isBot = (e: RoomEvent) =>
      e.type === "m.room.message" && e.sender === botId && !isStatusMessage(e);

    // The first start, its pace lifted: it reads every room, and tells the followers of a `now`.
    bot = await startBot({
      store,
      config: { ...config, e2ee: false, matrixRequestsPerSecond: 1000 },
      log: recordingLog(),
      syncTimeoutMs: 3_000,
    });
    await mod.syncToNow();
    await mod.sendText(eventRoom, "#swift now before the restart");
    await mod.waitForEvent(eventRoom, (e) => e.type === "m.room.message" && e.sender === botId);
    await waitUntil(async () => {
      const told = await db
        .selectFrom("outbox")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("delivered_at", "is", null)
        .executeTakeFirstOrThrow();
      return Number(told.n) === 0;
    });
    await bot.stop();
    bot = undefined;

    // While it is down, something is said in every room.
    for (const roomId of rooms) await botClient.sendText(roomId, "while the bot was down");

    // The restart, with its sync token, at a low pace.
    await mod.syncToNow();
    meter.reset();
    const sent: Sent[] = [];
    let reads = 0;
    const started = Date.now();
    bot = await startBot({
      store,
      config: { ...config, e2ee: false, matrixRequestsPerSecond: RATE },
      log: recordingLog(),
      syncTimeoutMs: 3_000,
      onRequest: (method, endpoint, paced) => {
        sent.push({ at: Date.now() - started, method, endpoint, paced });
        if (endpoint.endsWith("/joined_members")) reads++;
      },
    });
    // Said once the paced reads of the rooms are under way.
    await waitUntil(() => Promise.resolve(reads >= 1));
    const asked = Date.now();
    const command = await mod.sendText(eventRoom, "~list");
    const reply = await mod.waitForMessage(eventRoom, isBot);
    const answeredMs = Date.now() - asked;
    const readsWhenAnswered = reads;
    expect(bodyOf(reply)).toBe("Moderator: Available tracks: nova swift");
    // Every room with news has been read again (the restarted process knows none of them).
    await waitUntil(() => Promise.resolve(reads >= rooms.length + 1));
    // On the wire: what the bot sends about the command's room is left out (the reads that
    // answer the command are never held back).
    const inCommandRoom = `/rooms/${encodeURIComponent(eventRoom)}/`;
    const busiest = meter.busiestBackgroundWindow((r) => r.path.includes(inCommandRoom));
    if (process.env.PTG_TEST_VERBOSE === "1") {
      for (const r of sent) {
        const mark = r.paced ? "paced " : "      ";
        console.error(`${String(r.at).padStart(6)} ${mark}${r.method} ${r.endpoint}`);
      }
      console.error(`busiest second: ${String(busiest.count)}: ${busiest.kinds}`);
      console.error(`answered in ${String(answeredMs)} ms`);
    }
    expect(busiest.count, busiest.kinds).toBeLessThanOrEqual(RATE);
    // Nothing else went around the pace: every request but the syncs and the sends was paced,
    // except the reads that answered the command, in its room, once it was said.
    const unpaced = sent.filter(
      (r) => !r.paced && !r.endpoint.endsWith("/sync") && !r.endpoint.includes("/send/"),
    );
    for (const r of unpaced) {
      expect(`${r.method} ${r.endpoint}`).toContain(`/rooms/${encodeURIComponent(eventRoom)}/`);
      expect(r.at).toBeGreaterThanOrEqual(asked - started);
    }
    // Answered at once, while most rooms were still to read (they take 20 s at this pace),
    // and once.
    expect(readsWhenAnswered).toBeLessThan(rooms.length / 2);
    expect(answeredMs).toBeLessThan(5_000);
    const logged = await db
      .selectFrom("command_log")
      .select("message_id")
      .where("message_id", "=", command)
      .execute();
    expect(logged).toHaveLength(1);
    const history = await mod.request<{ chunk: RoomEvent[] }>(
      "GET",
      `/rooms/${encodeURIComponent(eventRoom)}/messages?dir=b&limit=50`,
    );
    const answers = history.chunk.filter(
      (e) => isBot(e) && JSON.stringify(e.content).includes("Available tracks"),
    );
    expect(answers).toHaveLength(1);
  }, 240_000);
});

async function waitUntil(done: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
