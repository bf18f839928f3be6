// The Matrix shapes the bot reads, parsed from the untyped JSON that matrix-bot-sdk hands over.
// Everything past this file is typed: nothing `any` leaks into the rest of the bot.
import { parseCryptoSync, type CryptoSyncParts } from "./sync-parts.js";

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** A room event as it comes in a sync timeline or from /messages. */
export interface RoomEvent {
  eventId: string;
  type: string;
  sender: string;
  originServerTs: number;
  stateKey: string | undefined;
  content: Json;
  /** `unsigned.prev_content`, for state events that replaced an earlier one. */
  prevContent: Json | undefined;
}

export function parseRoomEvent(raw: unknown): RoomEvent | null {
  if (!isObject(raw)) return null;
  const eventId = str(raw.event_id);
  const type = str(raw.type);
  const sender = str(raw.sender);
  if (eventId === undefined || type === undefined || sender === undefined) return null;
  const unsigned = isObject(raw.unsigned) ? raw.unsigned : {};
  return {
    eventId,
    type,
    sender,
    originServerTs: typeof raw.origin_server_ts === "number" ? raw.origin_server_ts : 0,
    stateKey: str(raw.state_key),
    content: isObject(raw.content) ? raw.content : {},
    prevContent: isObject(unsigned.prev_content) ? unsigned.prev_content : undefined,
  };
}

/** A stripped state event (invites): no event id, no timestamp. */
export interface StrippedEvent {
  type: string;
  sender: string;
  stateKey: string;
  content: Json;
}

function parseStrippedEvent(raw: unknown): StrippedEvent | null {
  if (!isObject(raw)) return null;
  const type = str(raw.type);
  const sender = str(raw.sender);
  const stateKey = str(raw.state_key);
  if (type === undefined || sender === undefined || stateKey === undefined) return null;
  return { type, sender, stateKey, content: isObject(raw.content) ? raw.content : {} };
}

/** An `m.room.message` that could be a command. */
export interface TextMessage {
  msgtype: string;
  body: string;
  /** An edit (`m.replace`, or carrying `m.new_content`). */
  isEdit: boolean;
}

export function parseMessageContent(content: Json): TextMessage | null {
  const msgtype = str(content.msgtype);
  const body = str(content.body);
  if (msgtype === undefined || body === undefined) return null;
  const relatesTo = isObject(content["m.relates_to"]) ? content["m.relates_to"] : {};
  const isEdit = relatesTo.rel_type === "m.replace" || "m.new_content" in content;
  return { msgtype, body, isEdit };
}

export interface PowerLevels {
  users: Record<string, number>;
  usersDefault: number;
  events: Record<string, number>;
  stateDefault: number;
}

function numberOr(value: unknown, fallback: number): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  // Old rooms may carry power levels as strings.
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return fallback;
}

function numberRecord(value: unknown): Record<string, number> {
  const result: Record<string, number> = {};
  if (!isObject(value)) return result;
  for (const [key, level] of Object.entries(value)) {
    const n = numberOr(level, NaN);
    if (!Number.isNaN(n)) result[key] = n;
  }
  return result;
}

export function parsePowerLevels(content: Json): PowerLevels {
  return {
    users: numberRecord(content.users),
    usersDefault: numberOr(content.users_default, 0),
    events: numberRecord(content.events),
    stateDefault: numberOr(content.state_default, 50),
  };
}

export interface RoomCreate {
  roomVersion: string;
  /** Who created the room (plus `additional_creators` in room version 12 and later). */
  creators: string[];
  /** Room version 12 (MSC4289) and later: creators outrank every power level. */
  creatorsPrivileged: boolean;
}

export function parseCreate(sender: string | undefined, content: Json): RoomCreate {
  const roomVersion = str(content.room_version) ?? "1";
  const privileged =
    (/^\d+$/.test(roomVersion) && Number(roomVersion) >= 12) ||
    roomVersion === "org.matrix.hydra.11";
  const creators: string[] = [];
  const creator = privileged ? sender : (str(content.creator) ?? sender);
  if (creator !== undefined) creators.push(creator);
  if (privileged && Array.isArray(content.additional_creators)) {
    for (const extra of content.additional_creators)
      if (typeof extra === "string") creators.push(extra);
  }
  return { roomVersion, creators, creatorsPrivileged: privileged };
}

/** `m.direct` account data: user id → direct rooms with them. */
export function parseDirectMap(content: unknown): Map<string, string[]> {
  const map = new Map<string, string[]>();
  if (!isObject(content)) return map;
  for (const [userId, rooms] of Object.entries(content)) {
    if (!Array.isArray(rooms)) continue;
    const ids = rooms.filter((r): r is string => typeof r === "string");
    if (ids.length > 0) map.set(userId, ids);
  }
  return map;
}

// --- /sync -----------------------------------------------------------------------------------

export interface JoinedRoomUpdate {
  roomId: string;
  events: RoomEvent[];
  limited: boolean;
  prevBatch: string | undefined;
}

export interface InviteUpdate {
  roomId: string;
  /** Who invited the bot, and whether they flagged the room as a direct chat. */
  inviter: string;
  isDirect: boolean;
  /** The invite's room state says the room is end-to-end encrypted. */
  encrypted: boolean;
}

export interface SyncBatch {
  nextBatch: string;
  /** Global account data events (type → content), in order. */
  accountData: { type: string; content: Json }[];
  invites: InviteUpdate[];
  joined: JoinedRoomUpdate[];
  left: string[];
  /** To-device messages and key counts, for the crypto (bot/crypto/). */
  crypto: CryptoSyncParts;
}

function roomsOf(rooms: Json, section: string): [string, Json][] {
  const value = rooms[section];
  if (!isObject(value)) return [];
  return Object.entries(value).filter((entry): entry is [string, Json] => isObject(entry[1]));
}

function eventsOf(container: unknown): unknown[] {
  return isObject(container) && Array.isArray(container.events) ? container.events : [];
}

export function parseSyncResponse(raw: unknown, botUserId: string): SyncBatch {
  if (!isObject(raw)) throw new Error("The homeserver sent a sync response that is not an object");
  const nextBatch = str(raw.next_batch);
  if (nextBatch === undefined)
    throw new Error("The homeserver sent a sync response without next_batch");

  const accountData: SyncBatch["accountData"] = [];
  for (const event of eventsOf(raw.account_data)) {
    if (isObject(event) && typeof event.type === "string") {
      accountData.push({ type: event.type, content: isObject(event.content) ? event.content : {} });
    }
  }

  const rooms = isObject(raw.rooms) ? raw.rooms : {};
  const invites: InviteUpdate[] = [];
  for (const [roomId, room] of roomsOf(rooms, "invite")) {
    const own = eventsOf(room.invite_state)
      .map(parseStrippedEvent)
      .find(
        (e) =>
          e !== null &&
          e.type === "m.room.member" &&
          e.stateKey === botUserId &&
          e.content.membership === "invite",
      );
    const encrypted = eventsOf(room.invite_state).some(
      (e) => isObject(e) && e.type === "m.room.encryption",
    );
    if (own)
      invites.push({
        roomId,
        inviter: own.sender,
        isDirect: own.content.is_direct === true,
        encrypted,
      });
  }

  const joined: JoinedRoomUpdate[] = [];
  for (const [roomId, room] of roomsOf(rooms, "join")) {
    const timeline = isObject(room.timeline) ? room.timeline : {};
    joined.push({
      roomId,
      events: eventsOf(timeline)
        .map(parseRoomEvent)
        .filter((e): e is RoomEvent => e !== null),
      limited: timeline.limited === true,
      prevBatch: str(timeline.prev_batch),
    });
  }

  const left = roomsOf(rooms, "leave").map(([roomId]) => roomId);
  return { nextBatch, accountData, invites, joined, left, crypto: parseCryptoSync(raw) };
}

/** True for the bot's own membership event that takes it into the room (not a profile change). */
export function isOwnJoin(event: RoomEvent, botUserId: string): boolean {
  return (
    event.type === "m.room.member" &&
    event.stateKey === botUserId &&
    event.content.membership === "join" &&
    event.prevContent?.membership !== "join"
  );
}

/** One page of `GET /rooms/{roomId}/messages`. */
export function parseMessagesPage(raw: unknown): { chunk: RoomEvent[]; end: string | undefined } {
  if (!isObject(raw)) return { chunk: [], end: undefined };
  const chunk = Array.isArray(raw.chunk)
    ? raw.chunk.map(parseRoomEvent).filter((e): e is RoomEvent => e !== null)
    : [];
  return { chunk, end: str(raw.end) };
}
