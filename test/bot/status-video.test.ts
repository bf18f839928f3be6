// The pinned status message and the track rooms' video widgets on a real Synapse (issue 20):
// an event room keeps one pinned message with what every track does now, edited in place at
// most once per 10 s; `#nova url jitsi` puts one Jitsi widget in #nova's room, which
// `#nova url none` removes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { MatrixClient, STATUS_MARK, type RoomEvent } from "../support/matrix-client.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { ask, bodyOf, recordingLog, testConfig, waitForJoin } from "./support.js";

const EVENT = "statusptg";
const JITSI = "https://meet.example.org";
const synapse = useSynapse();

const isStatus = (e: RoomEvent): boolean =>
  e.type === "m.room.message" && e.content[STATUS_MARK] === true;
const shown = (e: RoomEvent): string => {
  const edited = e.content["m.new_content"];
  const content =
    typeof edited === "object" && edited !== null ? (edited as Record<string, unknown>) : e.content;
  return typeof content.body === "string" ? content.body : "";
};
const editOf = (e: RoomEvent): string | undefined => {
  const relation = e.content["m.relates_to"] as Record<string, unknown> | undefined;
  return relation?.rel_type === "m.replace" ? (relation.event_id as string) : undefined;
};
const need = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error("set-up failed");
  return value;
};
const isVideoWidget = (e: RoomEvent): boolean =>
  e.type === "im.vector.modular.widgets" && e.state_key === "ptg-video";

describe.each(storeKinds())("status messages and video widgets on %s", (kind) => {
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;
  let mod: MatrixClient;
  let ann: MatrixClient;
  let botId = "";
  let botToken = "";
  let baseUrl = "";
  let main = "";
  let nova = "";

  beforeAll(async () => {
    const hs = synapse();
    store = await openTestStore(kind);
    await importIntoEvent(store.db, EVENT, { tracks: ["nova", "swift"], slots: {}, schedule: {} });
    const client = async (localpart: string, name: string): Promise<MatrixClient> => {
      const user = await hs.registerUser(`${localpart}_${kind}`, { displayName: name });
      return new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
    };
    mod = await client("statusmod", "Moderator");
    ann = await client("statusann", "ann");
    const account = await hs.registerUser(`statusbot_${kind}`, { displayName: "ptgbot" });
    botId = account.userId;
    botToken = account.accessToken;
    baseUrl = hs.baseUrl;
    bot = await startBot({
      store,
      config: { ...testConfig(hs.baseUrl, account.accessToken, EVENT, store.url), jitsiUrl: JITSI },
      log: recordingLog(),
      syncTimeoutMs: 3_000,
      lockRetryMs: 200,
    });
    const power = { users: { [botId]: 50 } };
    main = await mod.createRoom({
      name: "PTG",
      preset: "public_chat",
      powerLevelContentOverride: power,
    });
    nova = await mod.createRoom({
      name: "nova",
      preset: "public_chat",
      powerLevelContentOverride: power,
    });
    for (const room of [main, nova]) {
      await mod.invite(room, botId);
      await waitForJoin(mod, room, botId);
    }
    await ann.join(main);
    await ann.join(nova);
    expect(bodyOf(await ask(mod, nova, "~trackroom nova", botId))).toBe(
      "Moderator: This room is now the room of #nova",
    );
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await store?.close();
  }, 30_000);

  it("keeps one pinned status message in the event room, edited in place, coalesced", async () => {
    await ann.syncToNow();
    await mod.sendText(main, "#nova now Keystone planning");
    const first = await ann.waitForEvent(
      main,
      (e) => isStatus(e) && shown(e).includes("#nova: Keystone planning"),
      30_000,
    );
    // The message may exist already (binding #nova's room changed the event): then an edit.
    const statusId = editOf(first) ?? first.event_id;
    await expect
      .poll(
        async () => (await mod.getState<{ pinned: string[] }>(main, "m.room.pinned_events")).pinned,
        {
          timeout: 15_000,
        },
      )
      .toEqual([statusId]);
    // The track room shows its own status in its topic, not a status message.
    await expect(mod.getState(nova, "m.room.pinned_events")).rejects.toThrow();

    await ann.syncToNow();
    const burst = Array.from({ length: 20 }, (_, i) => `#nova now burst ${i + 1}`);
    await mod.sendText(main, burst.slice(0, 10).join("\n"));
    await mod.sendText(main, burst.slice(10).join("\n"));
    let edits = 0;
    for (;;) {
      const event = await ann.waitForEvent(main, isStatus, 60_000);
      expect(editOf(event)).toBe(statusId);
      edits++;
      if (shown(event).includes("#nova: burst 20")) break;
    }
    expect(edits).toBeLessThanOrEqual(3);
    const pinned = await mod.getState<{ pinned: string[] }>(main, "m.room.pinned_events");
    expect(pinned.pinned).toEqual([statusId]);

    const off = await ask(mod, main, "~status off", botId);
    expect(bodyOf(off)).toBe("Moderator: Status message here: off");
    await expect
      .poll(
        async () => (await mod.getState<{ pinned: string[] }>(main, "m.room.pinned_events")).pinned,
        {
          timeout: 15_000,
        },
      )
      .toEqual([]);
  }, 150_000);

  it("edits the same message after a restart: the message is kept in the database", async () => {
    await ann.syncToNow();
    expect(bodyOf(await ask(mod, main, "~status on", botId))).toBe(
      "Moderator: Status message here: on",
    );
    const created = await ann.waitForEvent(main, isStatus, 30_000);
    expect(editOf(created)).toBeUndefined();
    await bot?.stop();
    bot = await startBot({
      store: need(store),
      config: { ...testConfig(baseUrl, botToken, EVENT, need(store).url), jitsiUrl: JITSI },
      log: recordingLog(),
      syncTimeoutMs: 3_000,
      lockRetryMs: 200,
    });
    await ask(mod, main, "#swift now after the restart", botId); // its reply: no room today
    const edit = await ann.waitForEvent(
      main,
      (e) => isStatus(e) && shown(e).includes("#swift: after the restart"),
      60_000,
    );
    expect(editOf(edit)).toBe(created.event_id);
    const pinned = await mod.getState<{ pinned: string[] }>(main, "m.room.pinned_events");
    expect(pinned.pinned).toEqual([created.event_id]);
  }, 150_000);

  it("gives #nova a Jitsi room and its room one Jitsi widget, removed with the url", async () => {
    await ann.syncToNow();
    const reply = await ask(mod, main, "#nova url jitsi", botId);
    const link = /is now (\S+)$/.exec(bodyOf(reply))?.[1] ?? "";
    expect(link).toMatch(/^https:\/\/meet\.example\.org\/statusptg-nova-[0-9a-f]{12}$/);
    const added = await ann.waitForEvent(nova, isVideoWidget, 30_000);
    expect(added.content).toMatchObject({
      type: "jitsi",
      url: link,
      data: { domain: "meet.example.org", conferenceId: link.slice(JITSI.length + 1) },
    });
    // The topic, which IRC and Element X show, has the link too.
    await expect
      .poll(async () => (await mod.getState<{ topic: string }>(nova, "m.room.topic")).topic, {
        timeout: 30_000,
      })
      .toContain(`Video: ${link}`);

    await ask(mod, main, "#nova url none", botId);
    const removed = await ann.waitForEvent(nova, isVideoWidget, 30_000);
    expect(removed.content).toEqual({});
    // One widget event each way, none for a change that keeps the link (once its topic is set).
    await ask(mod, main, "#nova now after the call", botId);
    await ann.waitForEvent(
      nova,
      (e) => e.type === "m.room.topic" && String(e.content.topic).includes("after the call"),
      30_000,
    );
    const history = await mod.request<{ chunk: RoomEvent[] }>(
      "GET",
      `/rooms/${encodeURIComponent(nova)}/messages`,
      { query: { dir: "b", limit: "200" } },
    );
    expect(history.chunk.filter(isVideoWidget)).toHaveLength(2);
    expect(await mod.getState(nova, "im.vector.modular.widgets", "ptg-video")).toEqual({});
  }, 150_000);

  it("removes the video widget from a room that stops being the track's, and leaves its topic", async () => {
    // #nova's room, with a video widget.
    await ann.syncToNow();
    await ask(mod, main, "#nova url https://call.example.org/nova", botId);
    const added = await ann.waitForEvent(nova, isVideoWidget, 30_000);
    expect(added.content).toMatchObject({ type: "m.custom", url: "https://call.example.org/nova" });

    // Unbound: the widget goes; #nova's changes no longer reach the room's topic.
    expect(bodyOf(await ask(mod, nova, "~trackroom none", botId))).toBe(
      "Moderator: This room is no longer the room of #nova",
    );
    const removed = await ann.waitForEvent(nova, isVideoWidget, 30_000);
    expect(removed.content).toEqual({});
    const topic = async () => (await mod.getState<{ topic: string }>(nova, "m.room.topic")).topic;
    const before = await topic();
    await ann.syncToNow();
    await mod.sendText(main, "#nova now unbound and unseen");
    // The event room's status message shows the change (delivered after any topic row of it).
    await ann.waitForEvent(
      main,
      (e) => isStatus(e) && shown(e).includes("#nova: unbound and unseen"),
      60_000,
    );
    expect(await topic()).toBe(before);
    expect(before).not.toContain("unbound and unseen");

    // A deleted track's room loses its widget too.
    const swift = await mod.createRoom({
      name: "swift",
      preset: "public_chat",
      powerLevelContentOverride: { users: { [botId]: 50 } },
    });
    await mod.invite(swift, botId);
    await waitForJoin(mod, swift, botId);
    await ann.join(swift);
    await ask(mod, swift, "~trackroom swift", botId);
    await ann.syncToNow();
    await ask(mod, main, "#swift url https://call.example.org/swift", botId);
    expect((await ann.waitForEvent(swift, isVideoWidget, 30_000)).content).toMatchObject({
      url: "https://call.example.org/swift",
    });
    expect(bodyOf(await ask(mod, main, "~del swift", botId))).toBe(
      "Moderator: Removed tracks: swift",
    );
    expect((await ann.waitForEvent(swift, isVideoWidget, 30_000)).content).toEqual({});
  }, 150_000);
});
