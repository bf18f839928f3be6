// A Matrix client with its own end-to-end encryption for the tests: matrix-js-sdk (the last
// version whose engines allow Node 20) with its WebAssembly Rust crypto, as Element uses it.
// It creates encrypted rooms, sends encrypted messages and reads the bot's answers decrypted.
import { vi } from "vitest";
import {
  ClientEvent,
  createClient,
  SyncState,
  type MatrixClient as SdkClient,
  type MatrixEvent,
} from "matrix-js-sdk";
import type { Logger } from "matrix-js-sdk/lib/logger.js";
import { isStatusMessage } from "./matrix-client.js";

export interface CryptoUser {
  userId: string;
  accessToken: string;
  deviceId: string;
}

const ENCRYPTION = {
  type: "m.room.encryption",
  state_key: "",
  content: { algorithm: "m.megolm.v1.aes-sha2" },
};

/** The client's own logs (and its crypto's) would drown the test's output. */
const silent: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  getChild: () => silent,
};

let quietConsole: { mockRestore(): void }[] | undefined;

/** Room keys this client "sent" while holding them back: sent for real on release. */
interface HeldRequest {
  url: string;
  init: RequestInit | undefined;
}

export class CryptoClient {
  private holding = false;
  private readonly held: HeldRequest[] = [];
  private sdk!: SdkClient;

  private constructor() {}

  static async start(baseUrl: string, user: CryptoUser): Promise<CryptoClient> {
    const client = new CryptoClient();
    const sdk = createClient({
      logger: silent,
      fetchFn: (input, init) => client.fetch(input, init),
      baseUrl,
      accessToken: user.accessToken,
      userId: user.userId,
      deviceId: user.deviceId,
    });
    // matrix-js-sdk turns its crypto's debug tracing on, to the console: not in the test output.
    quietConsole ??= [
      vi.spyOn(console, "debug").mockImplementation(() => undefined),
      vi.spyOn(console, "info").mockImplementation(() => undefined),
    ];
    await sdk.initRustCrypto({ useIndexedDB: false });
    const prepared = new Promise<void>((resolve) => {
      const onSync = (state: SyncState): void => {
        if (state !== SyncState.Prepared) return;
        sdk.off(ClientEvent.Sync, onSync);
        resolve();
      };
      sdk.on(ClientEvent.Sync, onSync);
    });
    await sdk.startClient({ initialSyncLimit: 10 });
    await prepared;
    client.sdk = sdk;
    return client;
  }

  /**
   * From now on, room keys (encrypted to-device messages) are answered "sent" but kept here:
   * the next messages of a new session reach the room before their key reaches anyone.
   */
  holdRoomKeys(): void {
    this.holding = true;
  }

  /** Sends the room keys held back, and stops holding them. */
  async releaseRoomKeys(): Promise<number> {
    this.holding = false;
    const held = this.held.splice(0);
    for (const { url, init } of held) {
      const response = await fetch(url, init);
      if (!response.ok) throw new Error(`releasing a room key failed: ${String(response.status)}`);
    }
    return held.length;
  }

  private fetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const url = input instanceof Request ? input.url : String(input);
    if (this.holding && init?.method === "PUT" && url.includes("/sendToDevice/m.room.encrypted/")) {
      this.held.push({ url, init });
      return Promise.resolve(
        new Response("{}", { status: 200, headers: { "content-type": "application/json" } }),
      );
    }
    return fetch(input, init);
  }

  get userId(): string {
    return this.sdk.getSafeUserId();
  }

  /** Creates an end-to-end encrypted room (a direct chat if `direct`) and invites `invite`. */
  async createEncryptedRoom(invite: string, direct = false): Promise<string> {
    const { room_id: roomId } = await this.sdk.createRoom({
      invite: [invite],
      is_direct: direct,
      preset: direct ? ("trusted_private_chat" as never) : ("private_chat" as never),
      initial_state: [ENCRYPTION],
    });
    return roomId;
  }

  /** Creates a private room without encryption and invites `invite`. */
  async createPlainRoom(invite: string): Promise<string> {
    const { room_id: roomId } = await this.sdk.createRoom({
      invite: [invite],
      preset: "private_chat" as never,
    });
    return roomId;
  }

  /** Waits until this client sees `userId` joined to `roomId`. */
  async waitForMember(roomId: string, userId: string): Promise<void> {
    await vi.waitFor(
      () => {
        const membership = this.sdk.getRoom(roomId)?.getMember(userId)?.membership;
        if (membership !== "join") throw new Error(`${userId} has not joined ${roomId} yet`);
      },
      { timeout: 30_000, interval: 100 },
    );
  }

  /** Joins a room (an invitation, or a public room). */
  async join(roomId: string): Promise<void> {
    await this.sdk.joinRoom(roomId);
  }

  /** Waits for an invitation to a room not in `known`, and returns that room's id. */
  async waitForInvite(known: readonly string[] = []): Promise<string> {
    return vi.waitFor(
      () => {
        const invited = this.sdk
          .getRooms()
          .find((r) => r.getMyMembership() === "invite" && !known.includes(r.roomId));
        if (invited === undefined) throw new Error("no new invitation yet");
        return invited.roomId;
      },
      { timeout: 30_000, interval: 100 },
    );
  }

  /** The rooms this client has joined. */
  joinedRooms(): string[] {
    return this.sdk
      .getRooms()
      .filter((r) => r.getMyMembership() === "join")
      .map((r) => r.roomId);
  }

  /** Whether this client sees `roomId` as end-to-end encrypted (its m.room.encryption state). */
  isEncrypted(roomId: string): boolean {
    return this.sdk.getRoom(roomId)?.hasEncryptionStateEvent() ?? false;
  }

  /** Waits until `sender` has posted at least `count` messages in `roomId`; returns them all. */
  async waitForMessagesFrom(roomId: string, sender: string, count: number): Promise<MatrixEvent[]> {
    return vi.waitFor(
      () => {
        const messages = this.messagesFrom(roomId, sender);
        if (messages.length < count) {
          throw new Error(`${String(messages.length)} of ${String(count)} messages from ${sender}`);
        }
        return messages;
      },
      { timeout: 30_000, interval: 100 },
    );
  }

  /** The messages `sender` posted in `roomId`, decrypted, oldest first (not the bot's status). */
  messagesFrom(roomId: string, sender: string): MatrixEvent[] {
    const events = this.sdk.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
    return events.filter(
      (e) =>
        e.getSender() === sender &&
        e.getType() === "m.room.message" &&
        !isStatusMessage({ content: e.getContent() }),
    );
  }

  /** Sends `text`, encrypted (the room being encrypted). */
  async send(roomId: string, text: string): Promise<void> {
    await this.sdk.sendTextMessage(roomId, text);
  }

  /** Sends `text` (encrypted, the room being encrypted) and returns `sender`'s next message. */
  async ask(roomId: string, text: string, sender: string): Promise<MatrixEvent> {
    const before = this.messagesFrom(roomId, sender).length;
    await this.sdk.sendTextMessage(roomId, text);
    return vi.waitFor(
      () => {
        const next = this.messagesFrom(roomId, sender)[before];
        if (next === undefined) throw new Error(`no answer from ${sender} to "${text}" yet`);
        return next;
      },
      { timeout: 30_000, interval: 100 },
    );
  }

  stop(): void {
    this.sdk.stopClient();
    for (const spy of quietConsole ?? []) spy.mockRestore();
    quietConsole = undefined;
  }
}

/** The body of a message event, as it decrypted. */
export function bodyOfEvent(event: MatrixEvent): string {
  const content: Record<string, unknown> = event.getContent();
  const body = content.body;
  return typeof body === "string" ? body : "";
}
