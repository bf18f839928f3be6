// The first sync of a new database, for a bot account that has long been in its rooms, on a real
// Synapse: what was said before is history, and a command sent while that first sync runs, or
// while the process starts before it, is answered, once.
import { afterAll, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { bindChatRoom, ensureEvent } from "../../shared/store/events.js";
import { isStatusMessage, MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import { openTestStore, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { ask, bodyOf, recordingLog, testConfig } from "./support.js";

const EVENT = "firstsync";
const SCHEDULE = {
  tracks: ["swift", "nova"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" } },
};

const synapse = useSynapse();

/**
 * A bot account that has long been in an event's room, where a command was said, and a new
 * database for it (the room bound to the event, as it was in the earlier database).
 */
async function accountWithHistory(name: string) {
  const hs = synapse();
  const account = await hs.registerUser(`${name}bot`, { displayName: "ptgbot" });
  const botId = account.userId;
  const moderator = await hs.registerUser(`${name}mod`, { displayName: "Moderator" });
  const mod = new MatrixClient(hs.baseUrl, moderator.accessToken, moderator.userId);
  const room = await mod.createRoom({ name: "First sync", preset: "public_chat" });
  await mod.invite(room, botId);
  await new MatrixClient(hs.baseUrl, account.accessToken, botId).join(room);
  await mod.sendText(room, "#swift now said before this database");
  await mod.syncToNow();
  const store = await openTestStore("pglite");
  await importIntoEvent(store.db, EVENT, SCHEDULE);
  await bindChatRoom(store.db, room, (await ensureEvent(store.db, EVENT)).id);
  const isBot = (e: RoomEvent) =>
    e.type === "m.room.message" && e.sender === botId && !isStatusMessage(e);
  const config = testConfig(hs.baseUrl, account.accessToken, EVENT, null);
  return { botId, mod, room, store, isBot, config };
}

describe("the first sync of a new database", () => {
  const stores: TestStore[] = [];
  const bots: RunningBot[] = [];

  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    for (const store of stores) await store.close();
  }, 30_000);

  it("answers, once, a command sent while it runs, and leaves what was said before as history", async () => {
    const { botId, mod, room, store, isBot, config } = await accountWithHistory("firstsync");
    stores.push(store);
    const db = store.db;
    let during = "";
    const bot = await startBot({
      store,
      config,
      log: recordingLog(),
      syncTimeoutMs: 3_000,
      // Said once the bot has begun its start, before its first sync reads the rooms.
      beforeReading: async () => {
        if (during === "") during = await mod.sendText(room, "+seen duringmarker");
      },
    });
    bots.push(bot);
    const reply = await mod.waitForMessage(room, isBot);
    expect(bodyOf(reply)).toBe("Moderator: duringmarker never checked in anywhere");
    // What was said before is history: not applied.
    const swift = (await loadEventState(db, EVENT))?.tracks.find((t) => t.name === "swift");
    expect(swift?.now).toBeNull();
    // Once: the next message of the bot is the answer to the next command.
    const after = await ask(mod, room, "~list", botId);
    expect(bodyOf(after)).toBe("Moderator: Available tracks: nova swift");
    const logged = await db
      .selectFrom("command_log")
      .select("message_id")
      .where("message_id", "=", during)
      .execute();
    expect(logged).toHaveLength(1);
    const history = await mod.request<{ chunk: RoomEvent[] }>(
      "GET",
      `/rooms/${encodeURIComponent(room)}/messages?dir=b&limit=50`,
    );
    expect(history.chunk.filter(isBot)).toHaveLength(2);
  }, 120_000);

  it("answers a command said after the process started, before the bot began reading", async () => {
    const { mod, room, store, isBot, config } = await accountWithHistory("startsync");
    stores.push(store);
    // The process started; a command is typed while it loads (before startBot reads anything).
    const startedAt = Date.now();
    const said = await mod.sendText(room, "+seen startmarker");
    const bot = await startBot({
      store,
      config,
      log: recordingLog(),
      syncTimeoutMs: 3_000,
      startedAt,
    });
    bots.push(bot);
    const reply = await mod.waitForMessage(room, isBot);
    expect(bodyOf(reply)).toBe("Moderator: startmarker never checked in anywhere");
    const logged = await store.db
      .selectFrom("command_log")
      .select("message_id")
      .where("message_id", "=", said)
      .execute();
    expect(logged).toHaveLength(1);
    // What was said before the process started is still history.
    const swift = (await loadEventState(store.db, EVENT))?.tracks.find((t) => t.name === "swift");
    expect(swift?.now).toBeNull();
  }, 120_000);
});
