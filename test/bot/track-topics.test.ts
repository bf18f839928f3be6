// Track rooms on a real Synapse (issue 20): `~trackroom nova` binds a room to #nova, whose topic
// then shows the track's status, set through the outbox, at most once per room per 10 s.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { MatrixClient, type RoomEvent } from "../support/matrix-client.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { ask, bodyOf, recordingLog, testConfig, waitForJoin } from "./support.js";

const EVENT = "topicptg";
const synapse = useSynapse();

const topicOf = (e: RoomEvent): string =>
  e.type === "m.room.topic" && typeof e.content.topic === "string" ? e.content.topic : "";

describe.each(storeKinds())("track room topics on %s", (kind) => {
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;
  let mod: MatrixClient;
  let ann: MatrixClient;
  let botId = "";
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
    mod = await client("topicmod", "Moderator");
    ann = await client("topicann", "ann");
    const account = await hs.registerUser(`topicbot_${kind}`, { displayName: "ptgbot" });
    botId = account.userId;
    bot = await startBot({
      store,
      config: testConfig(hs.baseUrl, account.accessToken, EVENT, store.url),
      log: recordingLog(),
      syncTimeoutMs: 3_000,
      lockRetryMs: 200,
    });
    const power = { users: { [botId]: 50 } };
    main = await mod.createRoom({ name: "PTG", preset: "public_chat" });
    nova = await mod.createRoom({
      name: "nova",
      preset: "public_chat",
      powerLevelContentOverride: power,
    });
    for (const room of [main, nova]) {
      await mod.invite(room, botId);
      await waitForJoin(mod, room, botId);
    }
    await ann.join(nova);
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await store?.close();
  }, 30_000);

  it("binds a room to #nova, whose topic then follows #nova, coalesced", async () => {
    const bound = await ask(mod, nova, "~trackroom nova", botId);
    expect(bodyOf(bound)).toBe("Moderator: This room is now the room of #nova");
    await ann.waitForEvent(nova, (e) => topicOf(e).startsWith("#nova | Now: -"));

    await ask(mod, main, "#nova now Keystone planning", botId);
    await ann.waitForEvent(nova, (e) => topicOf(e).includes("Now: Keystone planning"), 30_000);

    await ann.syncToNow();
    const burst = Array.from({ length: 20 }, (_, i) => `#nova now burst ${i + 1}`);
    // Ten lines per message (the most one message runs).
    await mod.sendText(main, burst.slice(0, 10).join("\n"));
    await mod.sendText(main, burst.slice(10).join("\n"));
    let topics = 0;
    for (;;) {
      const event = await ann.waitForEvent(nova, (e) => e.type === "m.room.topic", 60_000);
      topics++;
      if (topicOf(event).includes("Now: burst 20 |")) break;
    }
    expect(topics).toBeLessThanOrEqual(3);

    const unbound = await ask(mod, nova, "~trackroom none", botId);
    expect(bodyOf(unbound)).toBe("Moderator: This room is no longer the room of #nova");
  }, 120_000);
});
