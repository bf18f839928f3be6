// `~space` and `~trackrooms create` on a real Synapse (issue 20), with the bot's rate limits
// lifted (the paced run of 30 tracks on Synapse's defaults is track-rooms-create.test.ts): an
// existing Space is adopted, a track's room is made in it (named after the track, public like
// the Space, a child of it, listed in the public state), a homeserver that refuses a room is
// reported with its error, and bad input gets one reply and changes nothing.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { MatrixClient, type RoomMessageEvent } from "../support/matrix-client.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { ask, bodyOf, recordingLog, testConfig, waitForJoin } from "./support.js";

const synapse = useSynapse({
  own: {
    // The homeserver refuses aliases with "refused" in them: a room creation it refuses.
    extraConfig: {
      alias_creation_rules: [
        { user_id: "*", alias: "*refused*", room_id: "*", action: "deny" },
        { user_id: "*", alias: "*", room_id: "*", action: "allow" },
      ],
    },
  },
});

describe.each(storeKinds())("~space and ~trackrooms create on %s", (kind) => {
  const event = `spaceptg${kind}`;
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;
  let mod: MatrixClient;
  let botId = "";
  let main = "";
  let space = "";
  const spaceAlias = `#space-${kind}:localhost`;

  beforeAll(async () => {
    const hs = synapse();
    store = await openTestStore(kind);
    await importIntoEvent(store.db, event, {
      tracks: ["nova", "refused", "swift"],
      slots: {},
      schedule: {},
    });
    const user = await hs.registerUser(`spacemod_${kind}`, { displayName: "Moderator" });
    mod = new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
    const account = await hs.registerUser(`spacebot_${kind}`, { displayName: "ptgbot" });
    botId = account.userId;
    bot = await startBot({
      store,
      config: testConfig(hs.baseUrl, account.accessToken, event, store.url),
      log: recordingLog(),
      syncTimeoutMs: 2_000,
      lockRetryMs: 200,
    });
    main = await mod.createRoom({ name: "PTG", preset: "public_chat" });
    await mod.invite(main, botId);
    await waitForJoin(mod, main, botId);
    ({ room_id: space } = await mod.request<{ room_id: string }>("POST", "/createRoom", {
      body: {
        name: "PTG Space",
        preset: "public_chat",
        room_alias_name: `space-${kind}`,
        creation_content: { type: "m.space" },
        power_level_content_override: { users: { [botId]: 100 } },
      },
    }));
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await store?.close();
  }, 30_000);

  /** The bot's next message in the main room (after the reply already read). */
  const nextMessage = (): Promise<RoomMessageEvent> =>
    mod.waitForMessage(main, (e) => e.sender === botId, 60_000);
  const next = async (): Promise<string> => bodyOf(await nextMessage());

  /** Says `text` in the main room: the command's event id, and the bot's reply. */
  const command = async (text: string): Promise<{ eventId: string; reply: string }> => {
    await mod.syncToNow();
    const eventId = await mod.sendText(main, text);
    return { eventId, reply: bodyOf(await nextMessage()) };
  };
  /** A report is a Matrix reply to the command it reports on. */
  const answers = (eventId: string) => ({ "m.in_reply_to": { event_id: eventId } });

  it("adopts an existing Space, and refuses what is not one", async () => {
    expect(bodyOf(await ask(mod, main, "~space", botId))).toBe(
      "Moderator: The event has no Space yet (~trackrooms create makes one, ~space ROOM_OR_ALIAS adopts one)",
    );
    expect(bodyOf(await ask(mod, main, "~space nonsense", botId))).toBe(
      "Moderator: Usage: ~space [!ROOM_ID or #ALIAS:SERVER]",
    );
    const adopt = await command(`~space ${spaceAlias}`);
    expect(adopt.reply).toBe(
      `Moderator: Checking ${spaceAlias}: I will say here when it is the event's Space`,
    );
    const adopted = await nextMessage();
    expect(bodyOf(adopted)).toBe(`Moderator: The event's Space is now ${spaceAlias}`);
    expect(adopted.content["m.relates_to"]).toEqual(answers(adopt.eventId));
    expect(bodyOf(await ask(mod, main, "~space #nothing:localhost", botId))).toBe(
      "Moderator: Checking #nothing:localhost: I will say here when it is the event's Space",
    );
    expect(await next()).toBe(
      "Moderator: Could not use #nothing:localhost as the event's Space: no room has the alias #nothing:localhost",
    );
    expect(bodyOf(await ask(mod, main, `~space ${main}`, botId))).toMatch(/Checking/);
    expect(await next()).toBe(
      `Moderator: Could not use ${main} as the event's Space: ${main} is a room, not a Space`,
    );
    expect(bodyOf(await ask(mod, main, "~space", botId))).toBe(
      `Moderator: The event's Space is ${spaceAlias}`,
    );
  }, 120_000);

  it("makes a track's room in the Space, and reports a refused one with the homeserver's error", async () => {
    expect(bodyOf(await ask(mod, main, "~trackrooms create bogus", botId))).toBe(
      "Moderator: Unknown track 'bogus'",
    );
    const create = await command("~trackrooms create nova #refused");
    expect(create.reply).toBe(
      "Moderator: Creating 2 rooms in the event's Space (#nova #refused); I will report progress here",
    );
    const report = await nextMessage();
    expect(bodyOf(report)).toBe(
      "Moderator: Could not create #refused's room: M_UNKNOWN: Not allowed to create alias " +
        "(Track rooms: 1 of 2 created; 1 failed: #refused)",
    );
    expect(report.content["m.relates_to"]).toEqual(answers(create.eventId));
    expect(bodyOf(await ask(mod, main, "~trackrooms create nova", botId))).toBe(
      "Moderator: Nothing to create; #nova already had a room",
    );

    const alias = `#${event}-nova:localhost`;
    const { room_id: nova } = await mod.request<{ room_id: string }>(
      "GET",
      `/directory/room/${encodeURIComponent(alias)}`,
    );
    // Joinable (public, like its Space), named after the track, in the Space, its asker a moderator.
    await mod.join(nova);
    expect(await mod.getState(nova, "m.room.name")).toEqual({ name: "nova" });
    expect(await mod.getState(nova, "m.room.join_rules")).toEqual({ join_rule: "public" });
    expect(await mod.getState(nova, "m.space.parent", space)).toMatchObject({ canonical: true });
    expect(await mod.getState(space, "m.space.child", nova)).toMatchObject({ via: ["localhost"] });
    expect((await mod.getPowerLevels(nova)).users?.[mod.userId]).toBe(100);

    // A Space that is not public: its rooms are open to its members only (and not listed).
    const { room_id: closed } = await mod.request<{ room_id: string }>("POST", "/createRoom", {
      body: {
        name: "Closed Space",
        preset: "private_chat",
        creation_content: { type: "m.space" },
        power_level_content_override: { users: { [botId]: 100 } },
        invite: [botId],
      },
    });
    await ask(mod, main, `~space ${closed}`, botId);
    expect(await next()).toBe(`Moderator: The event's Space is now ${closed}`);
    expect(bodyOf(await ask(mod, main, "~trackrooms create swift", botId))).toBe(
      "Moderator: Creating a room in the event's Space (#swift); I will report progress here",
    );
    expect(await next()).toBe("Moderator: Track rooms: all 1 created, in the event's Space");
    const { room_id: swift } = await mod.request<{ room_id: string }>(
      "GET",
      `/directory/room/${encodeURIComponent(`#${event}-swift:localhost`)}`,
    );
    await mod.join(swift);
    expect(await mod.getState(swift, "m.room.join_rules")).toEqual({
      join_rule: "restricted",
      allow: [{ type: "m.room_membership", room_id: closed }],
    });

    // The page lists the public one only, with its alias for matrix.to.
    if (store === undefined) throw new Error("no store");
    const db = store.db;
    await vi.waitFor(
      async () => {
        const state = await loadEventState(db, event);
        expect(state?.trackRooms).toEqual([{ track: "nova", roomId: nova, alias }]);
      },
      { timeout: 30_000, interval: 250 },
    );
  }, 120_000);
});
