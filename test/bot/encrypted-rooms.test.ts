// Encrypted rooms the bot cannot read (PTG_E2EE=off) on a real Synapse: never silent. One plain
// notice, no binding, one warning; a bound room that becomes encrypted is unbound and told so
// once; an encrypted direct chat is told too, and the person's notifications reach them in a new,
// unencrypted direct chat, once. The same with a client that has its own crypto (matrix-js-sdk
// with the WebAssembly Rust crypto, as Element): its commands arrive encrypted.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startBot, type RunningBot } from "../../bot/start.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { eventForChatRoom } from "../../shared/store/events.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { bodyOfEvent, CryptoClient } from "../support/crypto-client.js";
import {
  isStatusMessage,
  MatrixClient,
  type RoomEvent,
  type RoomMessageEvent,
} from "../support/matrix-client.js";
import { openTestStore, type TestStore } from "../support/stores.js";
import { useSynapse } from "../support/use-synapse.js";
import { ask, bodyOf, recordingLog, testConfig, waitForJoin } from "./support.js";

const EVENT = "cryptoptg";
const SCHEDULE = {
  tracks: ["nova", "swift"],
  slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
  schedule: { "Ballroom A": { MonA1: "nova" } },
};
const ENCRYPTION = {
  type: "m.room.encryption",
  content: { algorithm: "m.megolm.v1.aes-sha2" },
};
const CANNOT_READ = /is end-to-end encrypted and I can't read it yet/;

const synapse = useSynapse();

describe("encrypted rooms with PTG_E2EE=off", { timeout: 60_000 }, () => {
  let store: TestStore | undefined;
  let bot: RunningBot | undefined;
  let botId = "";
  let mod: MatrixClient;
  let alice: MatrixClient;
  let xena: CryptoClient | undefined;
  /** The same person, read through the homeserver's /messages. */
  let xenaReader: MatrixClient;
  let plain = "";
  const log = recordingLog();

  const nowTopic = async (track: string): Promise<string | undefined> => {
    if (store === undefined) throw new Error("no store");
    const state = await loadEventState(store.db, EVENT);
    return state?.tracks.find((t) => t.name === track)?.now?.topic;
  };
  const boundTo = async (roomId: string): Promise<string | undefined> => {
    if (store === undefined) throw new Error("no store");
    return (await eventForChatRoom(store.db, roomId))?.slug;
  };
  /** Every message the bot posted in a room, oldest first. */
  const botMessages = async (client: MatrixClient, roomId: string): Promise<string[]> => {
    const page = await client.request<{ chunk: RoomEvent[] }>(
      "GET",
      `/rooms/${encodeURIComponent(roomId)}/messages`,
      { query: { dir: "b", limit: "100" } },
    );
    return page.chunk
      .filter(
        (e): e is RoomMessageEvent =>
          e.type === "m.room.message" && e.sender === botId && !isStatusMessage(e),
      )
      .map(bodyOf)
      .reverse();
  };
  /** A command in the plain room, answered: everything sent before it has been read. */
  const marker = async (): Promise<void> => {
    expect(bodyOf(await ask(mod, plain, "#help", botId))).toContain("/help");
  };

  beforeAll(async () => {
    const hs = synapse();
    store = await openTestStore("pglite");
    await importIntoEvent(store.db, EVENT, SCHEDULE);
    const account = await hs.registerUser("ptgbot_crypto_off", { displayName: "ptgbot" });
    botId = account.userId;
    const user = async (name: string): Promise<MatrixClient> => {
      const u = await hs.registerUser(name, { displayName: name });
      return new MatrixClient(hs.baseUrl, u.accessToken, u.userId);
    };
    mod = await user("cmod");
    alice = await user("calice");
    bot = await startBot({
      store,
      config: { ...testConfig(hs.baseUrl, account.accessToken, EVENT, null), e2ee: false },
      log,
      syncTimeoutMs: 3_000,
    });
    plain = await mod.createRoom({ name: "plain", preset: "public_chat" });
    await mod.invite(plain, botId);
    await waitForJoin(mod, plain, botId);
    await alice.join(plain);
  }, 120_000);

  afterAll(async () => {
    xena?.stop();
    await bot?.stop();
    await store?.close();
  }, 30_000);

  it("says once that it cannot read an encrypted room, does not bind it, and applies nothing", async () => {
    const room = await mod.createRoom({ name: "secret", initialState: [ENCRYPTION] });
    await mod.invite(room, botId);
    const notice = await mod.waitForMessage(room, (e) => e.sender === botId);
    expect(bodyOf(notice)).toMatch(CANNOT_READ);
    expect(bodyOf(notice)).toContain("use an unencrypted room for commands");
    expect(notice.content.msgtype).toBe("m.notice");
    expect(await boundTo(room)).toBeUndefined();

    // Neither a plain command nor an encrypted event changes anything, nor gets a second notice.
    await mod.sendText(room, "#nova now x");
    await mod.sendEvent(room, "m.room.encrypted", {
      algorithm: "m.megolm.v1.aes-sha2",
      ciphertext: "AwgAEnB...",
      device_id: "NOPE",
      sender_key: "c2VuZGVy",
      session_id: "c2Vzc2lvbg",
    });
    await marker();
    expect(await nowTopic("nova")).toBeUndefined();
    expect(await boundTo(room)).toBeUndefined();
    expect(await botMessages(mod, room)).toEqual([bodyOf(notice)]);
    expect(log.lines.filter((l) => l.startsWith("warn:") && l.includes(room))).toHaveLength(1);
  });

  it("unbinds a bound room that becomes encrypted and says so once", async () => {
    const room = await mod.createRoom({ name: "later", preset: "public_chat" });
    await mod.invite(room, botId);
    await waitForJoin(mod, room, botId);
    // The bot binds right after its join, which the client may see first.
    await vi.waitFor(async () => {
      expect(await boundTo(room)).toBe(EVENT);
    });

    await mod.sendState(room, ENCRYPTION.type, "", ENCRYPTION.content);
    const notice = await mod.waitForMessage(room, (e) => e.sender === botId);
    expect(bodyOf(notice)).toMatch(CANNOT_READ);
    expect(bodyOf(notice)).toContain(`no longer bound to event ${EVENT}`);
    expect(await boundTo(room)).toBeUndefined();

    await mod.sendText(room, "#nova now y");
    await marker();
    expect(await nowTopic("nova")).toBeUndefined();
    expect(await botMessages(mod, room)).toEqual([bodyOf(notice)]);
  });

  it("tells an encrypted direct chat, and sends the person's notifications elsewhere, once", async () => {
    const dm = await alice.createRoom({
      isDirect: true,
      preset: "trusted_private_chat",
      invite: [botId],
      initialState: [ENCRYPTION],
    });
    const notice = await alice.waitForMessage(dm, (e) => e.sender === botId);
    expect(bodyOf(notice)).toMatch(/^This chat is end-to-end encrypted/);

    expect(bodyOf(await ask(alice, plain, "+subscribe nova", botId))).toBe(
      "calice: Subscription set to nova",
    );
    await alice.syncToNow();
    await mod.sendText(plain, "#nova now keynote");
    const elsewhere = await alice.waitForInvite();
    expect(elsewhere).not.toBe(dm);
    await alice.join(elsewhere);
    const note = await alice.waitForMessage(elsewhere, (e) => e.sender === botId);
    expect(bodyOf(note)).toContain("keynote");

    await marker();
    expect(await botMessages(alice, elsewhere)).toEqual([bodyOf(note)]);
    expect(await botMessages(alice, dm)).toEqual([bodyOf(notice)]);
    const encryption = await alice.getState(elsewhere, "m.room.encryption").catch(() => null);
    expect(encryption).toBeNull();
  });

  describe("with a client that has its own crypto", () => {
    const client = (): CryptoClient => {
      if (xena === undefined) throw new Error("the client did not start");
      return xena;
    };

    beforeAll(async () => {
      const hs = synapse();
      const user = await hs.registerUser("cxena");
      xenaReader = new MatrixClient(hs.baseUrl, user.accessToken, user.userId);
      xena = await CryptoClient.start(hs.baseUrl, user);
      await xena.join(plain);
    }, 120_000);

    it("gets one notice in the encrypted room it creates, no binding, and #nova now x changes nothing", async () => {
      const before = await nowTopic("nova");
      const room = await client().createEncryptedRoom(botId);
      const notice = first(await client().waitForMessagesFrom(room, botId, 1));
      expect(bodyOfEvent(notice)).toMatch(CANNOT_READ);
      expect(notice.isEncrypted()).toBe(false);
      expect(notice.getContent().msgtype).toBe("m.notice");
      expect(await boundTo(room)).toBeUndefined();

      await client().send(room, "#nova now x");
      await marker();
      // The command went out encrypted, as from Element.
      const page = await xenaReader.request<{ chunk: RoomEvent[] }>(
        "GET",
        `/rooms/${encodeURIComponent(room)}/messages`,
        { query: { dir: "b", limit: "100" } },
      );
      const sent = page.chunk.filter(
        (e) => e.sender === client().userId && e.state_key === undefined,
      );
      expect(sent.map((e) => e.type)).toEqual(["m.room.encrypted"]);
      expect(await nowTopic("nova")).toBe(before);
      expect(await boundTo(room)).toBeUndefined();
      expect(client().messagesFrom(room, botId)).toHaveLength(1);
      expect(await botMessages(xenaReader, room)).toEqual([bodyOfEvent(notice)]);
      expect(log.lines.filter((l) => l.startsWith("warn:") && l.includes(room))).toHaveLength(1);
    });

    it("tells its encrypted direct chat, and the person's notification reaches them elsewhere, once", async () => {
      const dm = await client().createEncryptedRoom(botId, true);
      const notice = first(await client().waitForMessagesFrom(dm, botId, 1));
      expect(bodyOfEvent(notice)).toMatch(/^This chat is end-to-end encrypted/);

      const answered = client().messagesFrom(plain, botId).length;
      await client().send(plain, "+subscribe nova");
      const replies = await client().waitForMessagesFrom(plain, botId, answered + 1);
      expect(bodyOfEvent(first(replies.slice(answered)))).toBe("cxena: Subscription set to nova");

      const known = client().joinedRooms();
      await mod.sendText(plain, "#nova now the crypto keynote");
      const elsewhere = await client().waitForInvite(known);
      expect(elsewhere).not.toBe(dm);
      await client().join(elsewhere);
      const note = first(await client().waitForMessagesFrom(elsewhere, botId, 1));
      expect(bodyOfEvent(note)).toContain("the crypto keynote");
      expect(note.isEncrypted()).toBe(false);
      expect(client().isEncrypted(elsewhere)).toBe(false);

      // Once: in no other room of the person, and not twice there.
      await marker();
      const told = client()
        .joinedRooms()
        .flatMap((r) => client().messagesFrom(r, botId))
        .filter((e) => bodyOfEvent(e).includes("the crypto keynote"));
      expect(told).toHaveLength(1);
      expect(await botMessages(xenaReader, elsewhere)).toEqual([bodyOfEvent(note)]);
      expect(await botMessages(xenaReader, dm)).toEqual([bodyOfEvent(notice)]);
    });
  });

  it("logged no errors", () => {
    expect(log.lines.filter((l) => l.startsWith("error:"))).toEqual([]);
  });
});

function first<T>(items: readonly T[]): T {
  const item = items[0];
  if (item === undefined) throw new Error("none");
  return item;
}
