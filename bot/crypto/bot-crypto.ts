// The bot's end-to-end encryption (PTG_E2EE=on): matrix-sdk-crypto-wasm's OlmMachine inside the
// bot's own sync loop. Each sync batch first hands the machine its to-device messages, device-list
// changes and key counts, and sends what the machine then asks for (key uploads, queries, claims);
// the batch's encrypted room events are decrypted before they are routed, and replies and
// notifications to an encrypted room are encrypted, after the room key is shared with every
// joined member's devices. Events whose key has not arrived wait in undecrypted.ts and are put
// back into the batch that brings new to-device messages.
//
// The machine starts on first need only (a stored identity, or an encrypted room): a bot in plain
// rooms never loads the WebAssembly module. Its store is restored from the database at start and
// saved back (crypto-store.ts) after every batch and every encryption, before the sync token
// moves on. One crypto operation runs at a time. Keys are never logged.
import type { Kysely } from "kysely";
import type { MatrixClient } from "matrix-bot-sdk";
import type { Database } from "../../shared/db/schema.js";
import { describeError, type BotLog } from "../matrix/log.js";
import { isObject, type Json, type RoomEvent, type SyncBatch } from "../matrix/matrix-events.js";
import { KeyedQueue } from "../matrix/queue.js";
import { loadCrypto, type CryptoSdk } from "./crypto-module.js";
import { CryptoStore } from "./crypto-store.js";
import { deleteDatabases, dumpDatabases, restoreDatabases } from "./idb-snapshot.js";
import { sendOutgoing, sendRequest } from "./requests.js";
import type { OutgoingEvent } from "./room-encryptor.js";
import { UndecryptedEvents } from "./undecrypted.js";

type Machine = InstanceType<CryptoSdk["OlmMachine"]>;

/** The crypto's own log lines name keys and sessions: none of them reach the bot's log. */
const quiet = {
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (): void => undefined,
  error: (): void => undefined,
};

interface Running {
  sdk: CryptoSdk;
  machine: Machine;
  deviceId: string;
  storeName: string;
  dump: () => Promise<Buffer>;
  drop: () => Promise<void>;
}

export interface BotCryptoOptions {
  client: MatrixClient;
  db: Kysely<Database>;
  userId: string;
  log: BotLog;
  /** PTG_E2EE. */
  enabled: boolean;
  /** Whether the bot knows of any encrypted room (a reason to start). */
  knowsEncryptedRooms: () => boolean;
}

/** The joined members of a room, from the homeserver. */
async function joinedMembers(client: MatrixClient, roomId: string): Promise<string[]> {
  const joined: unknown = await client.doRequest(
    "GET",
    `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/joined_members`,
  );
  return isObject(joined) && isObject(joined.joined) ? Object.keys(joined.joined) : [];
}

/** The event as the homeserver sent it, which the machine decrypts (and verifies) as a whole. */
function rawEvent(roomId: string, event: RoomEvent): Json & { event_id: string } {
  return {
    event_id: event.eventId,
    type: event.type,
    sender: event.sender,
    origin_server_ts: event.originServerTs,
    room_id: roomId,
    content: event.content,
  };
}

export class BotCrypto {
  private running: Running | undefined;
  private starting: Promise<Running> | undefined;
  /** The module could not be loaded: encrypted rooms are unreadable (encrypted-rooms.ts). */
  private broken = false;
  /** Whether a stored identity exists, read once. */
  private stored: boolean | undefined;
  private readonly queue = new KeyedQueue();
  private readonly store: CryptoStore;
  private readonly undecrypted: UndecryptedEvents;
  /** Waiting events put back into the batch in hand: removed once it has been handled. */
  private retried: string[] = [];

  constructor(private readonly options: BotCryptoOptions) {
    this.store = new CryptoStore(options.db, options.userId);
    this.undecrypted = new UndecryptedEvents(options.db);
  }

  /** Whether the bot reads encrypted rooms: PTG_E2EE is on and the crypto could be loaded. */
  get usable(): boolean {
    return this.options.enabled && !this.broken;
  }

  /** Starts the crypto now (before joining an encrypted room: clients then see its device). */
  async prepare(): Promise<void> {
    if (!this.usable) return;
    await this.exclusive(() => this.start());
  }

  /** The start of a sync batch: to-device messages, device lists, key counts; waiting events. */
  async onSync(batch: SyncBatch): Promise<void> {
    if (!this.usable || !(await this.wanted())) return;
    const parts = batch.crypto;
    const newMessages = await this.exclusive(async () => {
      const { sdk, machine } = await this.start();
      const users = (ids: string[]) => ids.flatMap((id) => this.userIdOf(sdk, id));
      await machine.receiveSyncChanges(
        JSON.stringify(parts.toDevice),
        new sdk.DeviceLists(users(parts.changed), users(parts.left)),
        new Map(Object.entries(parts.oneTimeKeyCounts)),
        parts.unusedFallbackKeyTypes === undefined
          ? undefined
          : new Set(parts.unusedFallbackKeyTypes),
      );
      await sendOutgoing(this.options.client, sdk, machine);
      return parts.toDevice.length > 0;
    });
    if (newMessages) await this.putBackDecryptable(batch);
  }

  /** After a batch: saves the store; forgets the waiting events it handled, if it succeeded. */
  async afterBatch(succeeded: boolean): Promise<void> {
    if (this.running === undefined) return;
    await this.exclusive(() => this.persist());
    if (succeeded) await this.undecrypted.remove(this.retried);
    this.retried = [];
  }

  /**
   * The timeline with its encrypted events decrypted. One that cannot be decrypted yet stays as
   * it came (routing skips it) and waits for its key; on a fresh bot state's first sync (history)
   * nothing is decrypted.
   */
  async decryptTimeline(
    roomId: string,
    events: RoomEvent[],
    history: boolean,
  ): Promise<RoomEvent[]> {
    if (history || !this.usable || !events.some((e) => e.type === "m.room.encrypted")) {
      return events;
    }
    const result: RoomEvent[] = [];
    for (const event of events) {
      // The bot's own messages are not read.
      if (event.type !== "m.room.encrypted" || event.sender === this.options.userId) {
        result.push(event);
        continue;
      }
      const decrypted = await this.exclusive(() => this.decrypt(roomId, event, true));
      result.push(decrypted ?? event);
    }
    return result;
  }

  /** An event for an encrypted room, encrypted (after the room key is shared). */
  async encrypt(roomId: string, event: OutgoingEvent): Promise<OutgoingEvent> {
    const { type, content } = event;
    return this.exclusive(async () => {
      const running = await this.start();
      const { sdk, machine } = running;
      const { client } = this.options;
      const room = new sdk.RoomId(roomId);
      const users = (await joinedMembers(client, roomId)).flatMap((id) => this.userIdOf(sdk, id));
      await machine.updateTrackedUsers(users.map((u) => u.clone()));
      await sendOutgoing(client, sdk, machine);
      const claim = await machine.getMissingSessions(users.map((u) => u.clone()));
      if (claim !== null) await sendRequest(client, sdk, machine, claim);
      const settings = new sdk.EncryptionSettings();
      settings.sharingStrategy = sdk.CollectStrategy.allDevices();
      for (const request of await machine.shareRoomKey(room, users, settings)) {
        await sendRequest(client, sdk, machine, request);
      }
      const encrypted = await machine.encryptRoomEvent(
        new sdk.RoomId(roomId),
        type,
        JSON.stringify(content),
      );
      // Saved before it is sent: a restart must not use the same message index twice.
      await this.persist();
      const parsed: unknown = JSON.parse(encrypted);
      return { type: "m.room.encrypted", content: isObject(parsed) ? parsed : {} };
    });
  }

  /**
   * Stops the crypto and drops this process's copy of its store (the database keeps it): when
   * the bot stops (`save`: the last state is saved), and when this instance loses its lock
   * (nothing saved: another instance may be moving the stored state on already).
   */
  async close(save = true): Promise<void> {
    await this.exclusive(async () => {
      const running = this.running;
      this.starting = undefined;
      this.running = undefined;
      this.stored = undefined;
      if (running === undefined) return;
      try {
        if (save) await this.persistRunning(running);
      } catch (error) {
        this.options.log.warn(`Could not save the crypto state: ${describeError(error)}`);
      }
      running.machine.close();
      await running.drop();
    });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run("crypto", task);
  }

  private async wanted(): Promise<boolean> {
    if (this.running !== undefined || this.options.knowsEncryptedRooms()) return true;
    this.stored ??= (await this.store.read()) !== undefined;
    return this.stored;
  }

  private userIdOf(sdk: CryptoSdk, id: string): InstanceType<CryptoSdk["UserId"]>[] {
    try {
      return [new sdk.UserId(id)];
    } catch {
      return [];
    }
  }

  /** Loads the module, restores the store, uploads the device's keys: once (inside exclusive). */
  private start(): Promise<Running> {
    if (this.running !== undefined) return Promise.resolve(this.running);
    this.starting ??= this.open().then(
      (running) => {
        this.running = running;
        return running;
      },
      (error: unknown) => {
        this.starting = undefined;
        throw error;
      },
    );
    return this.starting;
  }

  private async open(): Promise<Running> {
    const { client, userId, log } = this.options;
    let loaded;
    try {
      loaded = await loadCrypto();
    } catch (error) {
      this.broken = true;
      log.error(
        `Could not load the end-to-end encryption module; encrypted rooms stay unreadable: ${describeError(error)}`,
      );
      throw error;
    }
    const { sdk, indexedDb } = loaded;
    const whoami = await client.getWhoAmI();
    const deviceId = whoami.device_id;
    if (typeof deviceId !== "string" || deviceId === "") {
      throw new Error("The access token has no device id: end-to-end encryption needs one");
    }
    const storeName = `ptg-crypto ${userId}`;
    const stored = await this.store.read();
    await deleteDatabases(indexedDb, storeName);
    const restored = stored !== undefined && stored.deviceId === deviceId;
    if (restored) await restoreDatabases(indexedDb, storeName, stored.snapshot);
    else if (stored !== undefined) {
      log.warn(
        `The stored crypto identity belongs to device ${stored.deviceId}, the access token to ` +
          `${deviceId}: the bot starts a new identity`,
      );
    }
    const machine = await sdk.OlmMachine.initialize(
      new sdk.UserId(userId),
      new sdk.DeviceId(deviceId),
      storeName,
      undefined,
      quiet,
    );
    const running: Running = {
      sdk,
      machine,
      deviceId,
      storeName,
      dump: () => dumpDatabases(indexedDb, storeName),
      drop: () => deleteDatabases(indexedDb, storeName),
    };
    await sendOutgoing(client, sdk, machine);
    await this.persistRunning(running);
    this.stored = true;
    log.info(
      `End-to-end encryption runs on device ${deviceId} (${restored ? "stored identity" : "new identity"})`,
    );
    return running;
  }

  private async persist(): Promise<void> {
    if (this.running !== undefined) await this.persistRunning(this.running);
  }

  private async persistRunning(running: Running): Promise<void> {
    await this.store.save(running.deviceId, await running.dump());
  }

  /** Decrypts one event (inside exclusive); null if it cannot be, kept to retry if `keep`. */
  private async decrypt(
    roomId: string,
    event: RoomEvent,
    keep: boolean,
  ): Promise<RoomEvent | null> {
    const { sdk, machine } = await this.start();
    const raw = rawEvent(roomId, event);
    try {
      const decrypted = await machine.decryptRoomEvent(
        JSON.stringify(raw),
        new sdk.RoomId(roomId),
        new sdk.DecryptionSettings(sdk.TrustRequirement.Untrusted),
      );
      const payload: unknown = JSON.parse(decrypted.event);
      if (
        !isObject(payload) ||
        typeof payload.type !== "string" ||
        (payload.room_id !== undefined && payload.room_id !== roomId) ||
        decrypted.sender.toString() !== event.sender
      ) {
        this.options.log.warn(
          `Dropped ${event.eventId} in ${roomId}: its plaintext does not match`,
        );
        return null;
      }
      return {
        ...event,
        type: payload.type,
        content: isObject(payload.content) ? payload.content : {},
        stateKey: undefined,
      };
    } catch (error) {
      const code = error instanceof sdk.MegolmDecryptionError ? error.code : undefined;
      const waits =
        code === sdk.DecryptionErrorCode.MissingRoomKey ||
        code === sdk.DecryptionErrorCode.UnknownMessageIndex;
      if (waits && keep) {
        await this.undecrypted.keep(roomId, raw);
        this.options.log.info(
          `Could not decrypt ${event.eventId} in ${roomId} yet: tried again when its key arrives`,
        );
      } else if (!waits) {
        const why = code === undefined ? describeError(error) : sdk.DecryptionErrorCode[code];
        this.options.log.warn(`Could not decrypt ${event.eventId} in ${roomId}: ${why}`);
      }
      return null;
    }
  }

  /** Puts the waiting events that can now be decrypted back into the batch, before its own. */
  private async putBackDecryptable(batch: SyncBatch): Promise<void> {
    const found = new Map<string, RoomEvent[]>();
    for (const { roomId, event } of await this.undecrypted.waiting()) {
      const decrypted = await this.exclusive(() => this.decrypt(roomId, event, false));
      if (decrypted === null) continue;
      found.set(roomId, [...(found.get(roomId) ?? []), event]);
      this.retried.push(event.eventId);
      this.options.log.info(`Decrypted ${event.eventId} in ${roomId} now that its key arrived`);
    }
    for (const [roomId, events] of found) {
      let room = batch.joined.find((r) => r.roomId === roomId);
      if (room === undefined) {
        room = { roomId, events: [], limited: false, prevBatch: undefined };
        batch.joined.push(room);
      }
      const known = new Set(room.events.map((e) => e.eventId));
      room.events = [...events.filter((e) => !known.has(e.eventId)), ...room.events];
    }
  }
}
