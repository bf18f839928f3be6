// Who is bridged, and where a bridged user's notifications go. Users bridged from IRC cannot be
// sent a direct message the usual way: heisenbridge ignores the bot's invite, and
// matrix-appservice-irc's puppet joins the direct room only after a moment, seeing nothing
// posted before (an appservice only receives events of rooms its users have joined). Either way
// the notification would be lost without a word. So, unless their puppet has joined a direct
// room with the bot, they get it in a room bound to the same event, one where they are: the room
// the command came from if they are there, else any other (notify.ts has the whole order).
//
// Who is bridged: users whose Matrix id matches PTG_BRIDGED_USERS (by default the usual IRC
// puppet templates, DEFAULT_BRIDGED_USERS) and, unless PTG_BRIDGED_USERS is set otherwise,
// members of an event room that an IRC bridge marks as bridged (MSC2346) who look like that
// bridge's puppets (bridge-info.ts).
import { DEFAULT_BRIDGED_USERS } from "../../shared/config.js";
import { bridgesInState, looksLikePuppet, type BridgeInfo } from "./bridge-info.js";
import type { BotContext } from "../context.js";
import { isObject } from "../matrix/matrix-events.js";
import { isPermanent } from "../matrix/matrix-errors.js";

export function isBridgedUser(userId: string, pattern: RegExp | null): boolean {
  return pattern !== null && pattern.test(userId);
}

/** A room bound to the event, with the users joined there. */
export interface EventRoom {
  roomId: string;
  members: ReadonlySet<string>;
  /** Joined members' display names, where they have one. */
  names?: ReadonlyMap<string, string>;
  /** The bridges the room's state names (MSC2346). */
  bridges?: readonly BridgeInfo[];
}

/**
 * Whether `userId` is a bridged user: matched by `pattern`, or, when `pattern` is the default
 * one, taken for an IRC bridge's puppet in one of the event's rooms where it is joined.
 */
export function isBridgedIn(
  userId: string,
  pattern: RegExp | null,
  rooms: readonly EventRoom[],
): boolean {
  if (isBridgedUser(userId, pattern)) return true;
  if (pattern?.source !== DEFAULT_BRIDGED_USERS) return false; // set by hand: it alone decides
  return rooms.some(
    (room) =>
      room.members.has(userId) &&
      looksLikePuppet(userId, room.names?.get(userId), room.bridges ?? []),
  );
}

/** The room for `userId`'s notification; null when they are in none of the event's rooms. */
export function roomForBridgedUser(
  userId: string,
  origin: string,
  rooms: readonly EventRoom[],
): string | null {
  const joined = rooms.filter((room) => room.members.has(userId));
  return (joined.find((room) => room.roomId === origin) ?? joined[0])?.roomId ?? null;
}

/** A room's joined members, their display names and its bridges, from its current state. */
export function roomFromState(roomId: string, state: readonly unknown[]): EventRoom {
  const members = new Set<string>();
  const names = new Map<string, string>();
  for (const event of state) {
    if (!isObject(event) || event.type !== "m.room.member") continue;
    if (typeof event.state_key !== "string" || !isObject(event.content)) continue;
    if (event.content.membership !== "join") continue;
    members.add(event.state_key);
    const name = event.content.displayname;
    if (typeof name === "string") names.set(event.state_key, name);
  }
  return { roomId, members, names, bridges: bridgesInState(state) };
}

/** A room as the homeserver has it now (bot/bridges/room-snapshots.ts keeps what this reads). */
export async function currentRoom(bot: BotContext, roomId: string): Promise<EventRoom> {
  try {
    const state: unknown = await bot.client.getRoomState(roomId);
    return roomFromState(roomId, Array.isArray(state) ? (state as unknown[]) : []);
  } catch (error) {
    // The bot is no longer in that room: nobody can be reached there.
    if (isPermanent(error)) return { roomId, members: new Set() };
    throw error;
  }
}

/**
 * The rooms bound to event `slug` (to any event when null), first bound first, with their members
 * and bridges as the bot last read them (bot.rooms).
 */
export async function eventRooms(bot: BotContext, slug: string | null): Promise<EventRoom[]> {
  let query = bot.db
    .selectFrom("event_rooms")
    .innerJoin("events", "events.id", "event_rooms.event_id")
    .select("event_rooms.chat_room_id");
  if (slug !== null) query = query.where("events.slug", "=", slug);
  const rows = await query
    .orderBy("event_rooms.bound_at")
    .orderBy("event_rooms.chat_room_id")
    .execute();
  const roomIds = [...new Set(rows.map((row) => row.chat_room_id))];
  return Promise.all(roomIds.map((roomId) => bot.rooms.get(roomId)));
}
