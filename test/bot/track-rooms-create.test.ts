// `~trackrooms create` on a Synapse with its default room-creation limits (issue 20): Synapse
// allows a burst of 10 rooms, then one every 62.5 s (rc_room_creation's defaults: per_second
// 0.016, burst_count 10); the bot is not exempt (its account keeps its rate limits). The issue's
// 30 tracks (and the Space) take about 22 minutes whatever the bot does, almost all of it
// waiting: `npm test` starts this file first, in a vitest of its own beside the rest
// (scripts/test.mjs). `PTG_TEST_TRACK_ROOMS=13` makes 13 (the burst, then 4 paced rooms: about
// 4 minutes) for a quicker look. Mid-way, the bot dies between creating a room and recording
// it, and a new instance takes over: every room exists once, in the Space, bound to its track,
// and the progress is reported in the room where it was asked, each report once and each a
// Matrix reply to the command.
import { describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import { openTestStore, storeKinds, type StoreKind } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { bodyOf, recordingLog, testConfig, waitForJoin } from "./support.js";

const COUNT = Number(process.env.PTG_TEST_TRACK_ROOMS ?? "30");
const TRACKS = Array.from({ length: COUNT }, (_, i) => `t${String(i + 1).padStart(2, "0")}`);
/** The room whose creation the first instance does not live to record (among the paced ones). */
const DIES_AFTER = 11;
const MINUTES = 60_000;

// Synapse's own defaults for room creation ({} reads as "not configured").
const synapse = useSynapse({ own: { extraConfig: { rc_room_creation: {} } } });

/** Every state event of a room. */
const stateOf = (client: MatrixClient, roomId: string) =>
  client.request<RoomEvent[]>("GET", `/rooms/${encodeURIComponent(roomId)}/state`);

async function createTrackRooms(kind: StoreKind): Promise<void> {
  const started = Date.now();
  const hs = synapse();
  const event = `paced${kind}`;
  const store = await openTestStore(kind);
  let bot: RunningBot | undefined;
  try {
    await importIntoEvent(store.db, event, { tracks: TRACKS, slots: {}, schedule: {} });
    const user = await hs.registerUser(`pacedmod_${kind}`, { displayName: "Moderator" });
    const mod = new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
    // The bot keeps Synapse's rate limits (no per-user override).
    const account = await hs.registerUser(`pacedbot_${kind}`, {
      displayName: "ptgbot",
      keepRateLimits: true,
    });
    const config = testConfig(hs.baseUrl, account.accessToken, event, store.url);
    const log = recordingLog();
    let created = 0;
    let died: () => void = () => undefined;
    const dead = new Promise<void>((resolve) => {
      died = resolve;
    });
    const start = (hooks: boolean) =>
      startBot({
        store,
        config,
        log,
        syncTimeoutMs: 2_000,
        lockRetryMs: 200,
        trackRoomHooks: hooks
          ? {
              afterCreate: () => {
                created++;
                if (created !== DIES_AFTER) return;
                died();
                throw new Error("simulated crash between createRoom and recording it");
              },
            }
          : {},
      });
    bot = await start(true);
    const main = await mod.createRoom({ name: "PTG", preset: "public_chat" });
    await mod.invite(main, bot.userId);
    await waitForJoin(mod, main, bot.userId);

    await mod.syncToNow();
    const command = await mod.sendText(main, "~trackrooms create");
    const asked = await mod.waitForMessage(main, (e) => e.sender === account.userId);
    expect(bodyOf(asked)).toMatch(
      new RegExp(
        `^Moderator: Creating ${COUNT} rooms in the event's Space \\(#t01 #t02 .*\\); I will report progress here$`,
      ),
    );

    // Mid-way the first instance dies before recording a room it made; a new one takes over.
    await dead;
    await bot.stop();
    bot = await start(false);

    const reports: string[] = [];
    for (;;) {
      const message = await mod.waitForMessage(
        main,
        (e) => e.sender === account.userId,
        25 * MINUTES,
      );
      reports.push(bodyOf(message));
      // Each report, from either instance, is a Matrix reply to the command.
      expect(message.content["m.relates_to"]).toEqual({ "m.in_reply_to": { event_id: command } });
      if (bodyOf(message).includes(`Track rooms: all ${COUNT}`)) break;
    }
    const botId = account.userId;
    const spaceAlias = `#${event}_space:localhost`;
    const tens = Array.from(
      { length: Math.floor((COUNT - 1) / 10) },
      (_, i) => `Moderator: Track rooms: ${(i + 1) * 10} of ${COUNT} created`,
    );
    expect(reports).toEqual([
      `Moderator: Created the event's Space ${spaceAlias}`,
      expect.stringMatching(
        new RegExp(
          `^Moderator: The homeserver limits room creation: 9 of ${COUNT} track rooms created so far, the other ${COUNT - 9} follow at its pace \\(the next in about \\d+ s\\)$`,
        ),
      ),
      ...tens,
      `Moderator: Track rooms: all ${COUNT} created, in the event's Space`,
    ]);
    expect(log.lines.some((l) => l.includes("made by an earlier try"))).toBe(true);

    // Every room once: the bot is in the main room, the Space and the track rooms, no more.
    const botClient = new MatrixClient(hs.baseUrl, account.accessToken, botId);
    const joined = await botClient.joinedRooms();
    expect(joined).toHaveLength(COUNT + 2);
    const { room_id: space } = await mod.request<{ room_id: string }>(
      "GET",
      `/directory/room/${encodeURIComponent(spaceAlias)}`,
    );
    const children = (await stateOf(botClient, space))
      .filter((e) => e.type === "m.space.child" && Object.keys(e.content).length > 0)
      .map((e) => e.state_key ?? "");
    expect(new Set(children).size).toBe(COUNT);
    expect(joined.sort()).toEqual([main, space, ...children].sort());

    // Each bound to its track, named after it, with the Space as its parent.
    const bound = await store.db
      .selectFrom("event_rooms")
      .innerJoin("tracks", "tracks.id", "event_rooms.track_id")
      .select(["tracks.name", "event_rooms.chat_room_id"])
      .execute();
    expect(bound.map((b) => b.name).sort()).toEqual(TRACKS);
    expect(bound.map((b) => b.chat_room_id).sort()).toEqual([...children].sort());
    for (const { name, chat_room_id: room } of bound) {
      const state = await stateOf(botClient, room);
      expect(state.find((e) => e.type === "m.room.name")?.content).toEqual({ name });
      expect(state.find((e) => e.type === "m.space.parent")?.state_key).toBe(space);
    }
    console.info(`${COUNT} track rooms on ${kind}: ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await bot?.stop();
    await store.close();
  }
}

describe("~trackrooms create on Synapse's default room-creation limits", () => {
  it.concurrent.each(storeKinds())(
    `makes ${COUNT} rooms in the Space, each once across a restart, reporting progress (%s)`,
    createTrackRooms,
    30 * MINUTES,
  );
});
