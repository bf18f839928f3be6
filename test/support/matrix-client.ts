/**
 * A deliberately small Matrix client for end-to-end tests: plain `fetch` against the
 * client-server API v3, no SDK, no encryption. Events seen by /sync are buffered per room so
 * that a test can act first and wait afterwards without racing the server.
 */
import { randomBytes } from "node:crypto";

const CLIENT_V3 = "/_matrix/client/v3";
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
const DEFAULT_WAIT_TIMEOUT_MS = 15_000;
/** Longest single /sync long-poll; waits longer than this poll repeatedly. */
const MAX_SYNC_POLL_MS = 10_000;
/** How many recently seen events per room are kept to explain a timeout. */
const SEEN_HISTORY = 20;

/** A failed HTTP request to a Matrix server, with its status and Matrix error code. */
export class MatrixApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly errcode: string | undefined,
    readonly matrixError: string | undefined,
  ) {
    super(
      `${method} ${path} failed with HTTP ${status}` +
        (errcode === undefined ? "" : ` ${errcode}`) +
        (matrixError === undefined ? "" : `: ${matrixError}`),
    );
    this.name = "MatrixApiError";
  }
}

export interface MatrixRequestOptions {
  accessToken?: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  timeoutMs?: number;
}

/**
 * Sends one JSON request to a Matrix server and returns the parsed JSON answer. `path` must
 * already be URL-encoded (use `encodeURIComponent` for ids). Throws `MatrixApiError` on a non-2xx
 * answer and an `Error` naming the request when the server cannot be reached.
 */
export async function matrixRequest<T>(
  baseUrl: string,
  method: "GET" | "POST" | "PUT" | "DELETE",
  path: string,
  options: MatrixRequestOptions = {},
): Promise<T> {
  const url = new URL(path, baseUrl);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.accessToken !== undefined) headers.authorization = `Bearer ${options.accessToken}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`${method} ${path} could not reach ${baseUrl}: ${describe(error)}`, {
      cause: error,
    });
  }

  const text = await response.text();
  if (!response.ok) {
    let errcode: string | undefined;
    let message: string | undefined = text.slice(0, 500) || undefined;
    try {
      const parsed = JSON.parse(text) as { errcode?: unknown; error?: unknown };
      if (typeof parsed.errcode === "string") errcode = parsed.errcode;
      if (typeof parsed.error === "string") message = parsed.error;
    } catch {
      // Not JSON: keep the raw text as the message.
    }
    throw new MatrixApiError(method, path, response.status, errcode, message);
  }
  return (text === "" ? {} : JSON.parse(text)) as T;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

const enc = encodeURIComponent;

export interface MatrixEvent {
  event_id: string;
  sender: string;
  type: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  state_key?: string;
  unsigned?: Record<string, unknown>;
}

/** A timeline event as buffered from /sync, tagged with the room it arrived in. */
export interface RoomEvent extends MatrixEvent {
  room_id: string;
}

export interface MessageContent {
  msgtype?: string;
  body?: string;
  format?: string;
  formatted_body?: string;
  [key: string]: unknown;
}

export interface RoomMessageEvent extends RoomEvent {
  type: "m.room.message";
  content: MessageContent;
}

export interface PowerLevelsContent {
  users?: Record<string, number>;
  users_default?: number;
  events?: Record<string, number>;
  events_default?: number;
  state_default?: number;
  ban?: number;
  kick?: number;
  redact?: number;
  invite?: number;
  notifications?: Record<string, number>;
}

export interface CreateRoomOptions {
  name?: string;
  topic?: string;
  preset?: "private_chat" | "public_chat" | "trusted_private_chat";
  visibility?: "public" | "private";
  roomAliasName?: string;
  invite?: string[];
  isDirect?: boolean;
  powerLevelContentOverride?: PowerLevelsContent;
  initialState?: { type: string; state_key?: string; content: Record<string, unknown> }[];
}

interface SyncResponse {
  next_batch: string;
  rooms?: {
    join?: Record<string, { timeline?: { events?: MatrixEvent[] } }>;
    invite?: Record<string, unknown>;
    leave?: Record<string, unknown>;
  };
}

/** Only what the helpers read: no presence or account data, a generous timeline. */
const SYNC_FILTER = JSON.stringify({
  presence: { not_types: ["*"] },
  account_data: { not_types: ["*"] },
  room: { timeline: { limit: 100 }, account_data: { not_types: ["*"] } },
});

export class MatrixClient {
  private since: string | undefined;
  private syncInFlight: Promise<void> | undefined;
  /** Timeline events received by /sync and not yet returned by a wait, per room. */
  private readonly pending = new Map<string, RoomEvent[]>();
  /** The last few events seen per room, returned or not, for timeout messages. */
  private readonly seen = new Map<string, RoomEvent[]>();
  private readonly pendingInvites: string[] = [];
  private readonly txnPrefix = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  private txnCounter = 0;

  constructor(
    readonly baseUrl: string,
    readonly accessToken: string,
    readonly userId: string,
  ) {}

  /** Logs in with a password and returns a client for the new device. */
  static async login(baseUrl: string, user: string, password: string): Promise<MatrixClient> {
    const result = await matrixRequest<{ user_id: string; access_token: string }>(
      baseUrl,
      "POST",
      `${CLIENT_V3}/login`,
      {
        body: { type: "m.login.password", identifier: { type: "m.id.user", user }, password },
      },
    );
    return new MatrixClient(baseUrl, result.access_token, result.user_id);
  }

  /** An authenticated request relative to `/_matrix/client/v3`. */
  request<T>(
    method: "GET" | "POST" | "PUT" | "DELETE",
    path: string,
    options: Omit<MatrixRequestOptions, "accessToken"> = {},
  ): Promise<T> {
    return matrixRequest<T>(this.baseUrl, method, `${CLIENT_V3}${path}`, {
      ...options,
      accessToken: this.accessToken,
    });
  }

  async createRoom(options: CreateRoomOptions = {}): Promise<string> {
    const result = await this.request<{ room_id: string }>("POST", "/createRoom", {
      body: {
        name: options.name,
        topic: options.topic,
        preset: options.preset,
        visibility: options.visibility,
        room_alias_name: options.roomAliasName,
        invite: options.invite,
        is_direct: options.isDirect,
        power_level_content_override: options.powerLevelContentOverride,
        initial_state: options.initialState?.map((s) => ({ state_key: "", ...s })),
      },
    });
    return result.room_id;
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.request("POST", `/rooms/${enc(roomId)}/invite`, { body: { user_id: userId } });
  }

  /** Joins a room by id or alias and returns the room id. */
  async join(roomIdOrAlias: string): Promise<string> {
    const result = await this.request<{ room_id: string }>("POST", `/join/${enc(roomIdOrAlias)}`, {
      body: {},
    });
    return result.room_id;
  }

  async leave(roomId: string): Promise<void> {
    await this.request("POST", `/rooms/${enc(roomId)}/leave`, { body: {} });
  }

  async setDisplayName(displayName: string): Promise<void> {
    await this.request("PUT", `/profile/${enc(this.userId)}/displayname`, {
      body: { displayname: displayName },
    });
  }

  async joinedRooms(): Promise<string[]> {
    const result = await this.request<{ joined_rooms: string[] }>("GET", "/joined_rooms");
    return result.joined_rooms;
  }

  /** Sends a timeline event with a fresh transaction id and returns its event id. */
  async sendEvent(roomId: string, type: string, content: Record<string, unknown>): Promise<string> {
    this.txnCounter += 1;
    const txnId = `${this.txnPrefix}-${this.txnCounter}`;
    const result = await this.request<{ event_id: string }>(
      "PUT",
      `/rooms/${enc(roomId)}/send/${enc(type)}/${enc(txnId)}`,
      { body: content },
    );
    return result.event_id;
  }

  sendMessage(roomId: string, content: MessageContent): Promise<string> {
    return this.sendEvent(roomId, "m.room.message", content);
  }

  sendText(roomId: string, body: string): Promise<string> {
    return this.sendMessage(roomId, { msgtype: "m.text", body });
  }

  async sendState(
    roomId: string,
    type: string,
    stateKey: string,
    content: Record<string, unknown>,
  ): Promise<string> {
    const result = await this.request<{ event_id: string }>(
      "PUT",
      `/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`,
      { body: content },
    );
    return result.event_id;
  }

  /** The content of one state event; throws `MatrixApiError` (404 M_NOT_FOUND) if unset. */
  getState<T extends object = Record<string, unknown>>(
    roomId: string,
    type: string,
    stateKey = "",
  ): Promise<T> {
    return this.request<T>("GET", `/rooms/${enc(roomId)}/state/${enc(type)}/${enc(stateKey)}`);
  }

  getPowerLevels(roomId: string): Promise<PowerLevelsContent> {
    return this.getState<PowerLevelsContent>(roomId, "m.room.power_levels");
  }

  /** Sets one user's power level, keeping the rest of the power levels event. */
  async setPowerLevel(roomId: string, userId: string, level: number): Promise<string> {
    const current = await this.getPowerLevels(roomId);
    const next: PowerLevelsContent = { ...current, users: { ...current.users, [userId]: level } };
    return this.sendState(roomId, "m.room.power_levels", "", { ...next });
  }

  /**
   * Runs one /sync (long-polling up to `timeoutMs`) and buffers what it returns. Concurrent
   * callers share the request in flight, so no batch is fetched twice.
   */
  sync(timeoutMs = 0): Promise<void> {
    this.syncInFlight ??= this.doSync(timeoutMs).finally(() => {
      this.syncInFlight = undefined;
    });
    return this.syncInFlight;
  }

  private async doSync(timeoutMs: number): Promise<void> {
    const result = await this.request<SyncResponse>("GET", "/sync", {
      query: {
        since: this.since,
        timeout: this.since === undefined ? 0 : timeoutMs,
        filter: SYNC_FILTER,
      },
      timeoutMs: timeoutMs + DEFAULT_REQUEST_TIMEOUT_MS,
    });
    for (const [roomId, room] of Object.entries(result.rooms?.join ?? {})) {
      for (const event of room.timeline?.events ?? []) {
        const roomEvent: RoomEvent = { ...event, room_id: roomId };
        pushTo(this.pending, roomId, roomEvent);
        pushTo(this.seen, roomId, roomEvent, SEEN_HISTORY);
      }
    }
    for (const roomId of Object.keys(result.rooms?.invite ?? {})) {
      if (!this.pendingInvites.includes(roomId)) this.pendingInvites.push(roomId);
    }
    this.since = result.next_batch;
  }

  /**
   * Catches up with the server and forgets every event and invite received so far, so that the
   * next waits only see what happens from now on.
   */
  async syncToNow(): Promise<void> {
    await this.sync(0);
    this.pending.clear();
    this.pendingInvites.length = 0;
  }

  /**
   * Returns the first buffered or future timeline event in `roomId` that matches, removing it
   * from the buffer so that the next wait finds the next one. Events that arrived before the
   * first sync are included (up to the timeline limit); call `syncToNow()` first to skip them.
   */
  async waitForEvent(
    roomId: string,
    predicate: (event: RoomEvent) => boolean,
    timeoutMs = DEFAULT_WAIT_TIMEOUT_MS,
  ): Promise<RoomEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const buffered = this.pending.get(roomId) ?? [];
      const index = buffered.findIndex(predicate);
      if (index >= 0) {
        const [event] = buffered.splice(index, 1);
        if (event !== undefined) return event;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const recent = (this.seen.get(roomId) ?? []).map(summarise).join("\n  ");
        throw new Error(
          `${this.userId} timed out after ${timeoutMs} ms waiting for an event in ${roomId}; ` +
            `recent events there:\n  ${recent || "(none)"}`,
        );
      }
      await this.sync(Math.min(remaining, MAX_SYNC_POLL_MS));
    }
  }

  /** Like `waitForEvent`, for `m.room.message` events (not the bot's status messages). */
  async waitForMessage(
    roomId: string,
    predicate: (event: RoomMessageEvent) => boolean = () => true,
    timeoutMs = DEFAULT_WAIT_TIMEOUT_MS,
  ): Promise<RoomMessageEvent> {
    const event = await this.waitForEvent(roomId, (e) => isMessage(e) && predicate(e), timeoutMs);
    return event as RoomMessageEvent;
  }

  /** Returns the id of a room this user has been invited to and that no wait returned yet. */
  async waitForInvite(timeoutMs = DEFAULT_WAIT_TIMEOUT_MS): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const roomId = this.pendingInvites.shift();
      if (roomId !== undefined) return roomId;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(`${this.userId} timed out after ${timeoutMs} ms waiting for an invite`);
      }
      await this.sync(Math.min(remaining, MAX_SYNC_POLL_MS));
    }
  }
}

/**
 * A message, other than the bot's pinned status message and its edits (issue 20; they carry
 * `STATUS_MARK`): replies and notifications are what waits for messages look for.
 */
function isMessage(event: RoomEvent): event is RoomMessageEvent {
  return event.type === "m.room.message" && event.content[STATUS_MARK] === undefined;
}

/** The key that marks the bot's status messages (bot/delivery/room-status.ts). */
export const STATUS_MARK = "org.ptgbot.status";

/** Whether an event is the bot's pinned status message or an edit of it (not a reply). */
export const isStatusMessage = (event: { content: Record<string, unknown> }): boolean =>
  event.content[STATUS_MARK] !== undefined;

function pushTo<T>(map: Map<string, T[]>, key: string, value: T, keepLast?: number): void {
  let list = map.get(key);
  if (list === undefined) {
    list = [];
    map.set(key, list);
  }
  list.push(value);
  if (keepLast !== undefined && list.length > keepLast) list.splice(0, list.length - keepLast);
}

function summarise(event: RoomEvent): string {
  const body =
    typeof event.content.body === "string" ? ` ${JSON.stringify(event.content.body)}` : "";
  const stateKey = event.state_key === undefined ? "" : ` [${event.state_key}]`;
  return `${event.type}${stateKey} from ${event.sender}${body}`;
}
