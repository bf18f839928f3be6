// End-to-end encryption (PTG_E2EE=on) on a real Synapse, with a client that has its own crypto
// (matrix-js-sdk with the WebAssembly Rust crypto): the bot reads and answers an encrypted room
// and an encrypted direct chat, its answers decrypt on the client, and its crypto identity and
// sessions survive a restart. In a plain room it answers as before, without loading the crypto.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { cryptoLoaded } from "../../bot/crypto/crypto-module.js";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { eventForChatRoom } from "../../shared/store/events.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { bodyOfEvent, CryptoClient } from "../support/crypto-client.js";
import { matrixRequest } from "../support/matrix-client.js";
import { openTestStore, storeKinds, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { recordingLog, testConfig } from "./support.js";

const EVENT = "e2eeptg";
// nova has no room in the schedule: `#nova now` is applied and answered with a warning.
const SCHEDULE = {
  tracks: ["nova", "swift"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "swift" } },
};

const synapse = useSynapse();

describe("end-to-end encryption with PTG_E2EE=on", { timeout: 90_000 }, () => {
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;
  let botId = "";
  let botToken = "";
  let alice: CryptoClient | undefined;
  let room = "";
  const log = recordingLog();

  const start = (): Promise<RunningBot> =>
    startBot({
      store: testStore(),
      config: testConfig(synapse().baseUrl, botToken, EVENT, testStore().url),
      log,
      syncTimeoutMs: 3_000,
    });
  const testStore = (): TestStore => {
    if (store === undefined) throw new Error("no store");
    return store;
  };
  const client = (): CryptoClient => {
    if (alice === undefined) throw new Error("the client did not start");
    return alice;
  };
  const nowTopic = async (track: string): Promise<string | undefined> => {
    const state = await loadEventState(testStore().db, EVENT);
    return state?.tracks.find((t) => t.name === track)?.now?.topic;
  };
  /** The bot's device keys as the homeserver publishes them. */
  const botDeviceKeys = async (): Promise<Record<string, string>> => {
    const result = await matrixRequest<{
      device_keys: Record<string, Record<string, { keys: Record<string, string> }>>;
    }>(synapse().baseUrl, "POST", "/_matrix/client/v3/keys/query", {
      accessToken: botToken,
      body: { device_keys: { [botId]: [] } },
    });
    const devices = Object.values(result.device_keys[botId] ?? {});
    expect(devices).toHaveLength(1);
    return devices[0]?.keys ?? {};
  };

  beforeAll(async () => {
    const hs = synapse();
    // PostgreSQL when the run has it (the crypto store's bytes on both: crypto-store.test.ts).
    store = await openTestStore(storeKinds().at(-1) ?? "pglite");
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    const account = await hs.registerUser("ptgbot_e2ee", { displayName: "ptgbot" });
    botId = account.userId;
    botToken = account.accessToken;
    bot = await start();
    const user = await hs.registerUser("ealice", { displayName: "ealice" });
    alice = await CryptoClient.start(hs.baseUrl, user);
  }, 120_000);

  afterAll(async () => {
    alice?.stop();
    await bot?.stop();
    await store?.close();
  }, 30_000);

  it("answers in a plain room as without encryption, and never loads the WebAssembly crypto", async () => {
    const plain = await client().createPlainRoom(botId);
    await client().waitForMember(plain, botId);
    await vi.waitFor(async () => {
      expect(await eventForChatRoom(testStore().db, plain)).toBeDefined();
    });
    const reply = await client().ask(plain, "#nova now plain", botId);
    expect(reply.isEncrypted()).toBe(false);
    expect(bodyOfEvent(reply)).toMatch(/^ealice: /);
    expect(await nowTopic("nova")).toBe("plain");
    expect(cryptoLoaded()).toBe(false);
  });

  it("applies and answers #nova now in an encrypted room, and the answer decrypts", async () => {
    room = await client().createEncryptedRoom(botId);
    await client().waitForMember(room, botId);
    // Bound once joined (the bot binds right after its join, which the client may see first).
    await vi.waitFor(async () => {
      expect(await eventForChatRoom(testStore().db, room)).toBeDefined();
    });

    const reply = await client().ask(room, "#nova now x", botId);
    expect(reply.isEncrypted()).toBe(true);
    expect(reply.isDecryptionFailure()).toBe(false);
    expect(bodyOfEvent(reply)).toMatch(/^ealice: /);
    expect(await nowTopic("nova")).toBe("x");
    expect(cryptoLoaded()).toBe(true);
  });

  it("keeps its identity and sessions across a restart, and answers the next command", async () => {
    const keys = await botDeviceKeys();
    await bot?.stop();
    bot = await start();
    expect(await botDeviceKeys()).toEqual(keys);

    const reply = await client().ask(room, "#nova now after the restart", botId);
    expect(reply.isEncrypted()).toBe(true);
    expect(reply.isDecryptionFailure()).toBe(false);
    expect(await nowTopic("nova")).toBe("after the restart");
    // The first command was not applied again.
    expect(client().messagesFrom(room, botId)).toHaveLength(2);
  });

  it("answers subscribe in an encrypted direct chat", async () => {
    const dm = await client().createEncryptedRoom(botId, true);
    await client().waitForMember(dm, botId);
    const reply = await client().ask(dm, "subscribe nova", botId);
    expect(reply.isEncrypted()).toBe(true);
    expect(bodyOfEvent(reply)).toBe("Subscription set to nova");
  });

  it("reads a command whose key came late when the key arrives, and answers it once", async () => {
    const late = await client().createEncryptedRoom(botId);
    await client().waitForMember(late, botId);
    client().holdRoomKeys();
    await client().send(late, "#nova now held back");
    await vi.waitFor(
      () => {
        expect(log.lines.some((l) => l.includes("yet: tried again when its key arrives"))).toBe(
          true,
        );
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(await nowTopic("nova")).not.toBe("held back");

    expect(await client().releaseRoomKeys()).toBeGreaterThan(0);
    await vi.waitFor(
      () => {
        expect(client().messagesFrom(late, botId)).toHaveLength(1);
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(await nowTopic("nova")).toBe("held back");
    // A later command is answered too, and the first one is not answered again.
    await client().ask(late, "#nova now after", botId);
    expect(client().messagesFrom(late, botId)).toHaveLength(2);
  });

  it("logged no errors, and no key", async () => {
    expect(log.lines.filter((l) => l.startsWith("error:"))).toEqual([]);
    const logged = log.lines.join("\n");
    expect(logged).not.toMatch(/curve25519|ed25519|signed_curve25519/);
    for (const key of Object.values(await botDeviceKeys())) expect(logged).not.toContain(key);
  });
});
