// The first sync of a new database, for a bot account that has long been in its rooms, on a real
// Synapse: what was said before is history, and a command sent while that first sync runs is
// answered, once.
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

describe("the first sync of a new database", () => {
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;

  afterAll(async () => {
    await bot?.stop();
    await store?.close();
  }, 30_000);

  it("answers, once, a command sent while it runs, and leaves what was said before as history", async () => {
    const hs = synapse();
    const account = await hs.registerUser("firstsyncbot", { displayName: "ptgbot" });
    const botId = account.userId;
    const moderator = await hs.registerUser("firstsyncmod", { displayName: "Moderator" });
    const mod = new MatrixClient(hs.baseUrl, moderator.accessToken, moderator.userId);
    // The account is in the room already (from an earlier database), and a command was said.
    const room = await mod.createRoom({ name: "First sync", preset: "public_chat" });
    await mod.invite(room, botId);
    await new MatrixClient(hs.baseUrl, account.accessToken, botId).join(room);
    await mod.sendText(room, "#swift now said before this database");
    await mod.syncToNow();

    store = await openTestStore("pglite");
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    const db = store.db;
    // The room is the event's (an admin bound it), as it was in the earlier database.
    await bindChatRoom(db, room, (await ensureEvent(db, EVENT)).id);
    let during = "";
    bot = await startBot({
      store,
      config: testConfig(hs.baseUrl, account.accessToken, EVENT, null),
      log: recordingLog(),
      syncTimeoutMs: 3_000,
      // Said once the bot has begun its start, before its first sync reads the rooms.
      beforeReading: async () => {
        if (during === "") during = await mod.sendText(room, "+seen duringmarker");
      },
    });
    const isBot = (e: RoomEvent) =>
      e.type === "m.room.message" && e.sender === botId && !isStatusMessage(e);
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
});
