// Where a bridged user's notifications go. Users bridged from IRC (PTG_BRIDGED_USERS; by default
// heisenbridge's puppets `@irc_<network>_<nick>:server`) cannot receive direct messages: the
// bridge ignores the bot's invite, and the notification would be lost without a word. So they
// get it in a room bound to the same event, one where they are: the room the command came from
// if they are there, else any other.
import type { BotContext } from "./context.js";
import { isPermanent } from "./matrix-errors.js";

export function isBridgedUser(userId: string, pattern: RegExp | null): boolean {
  return pattern !== null && pattern.test(userId);
}

/** A room bound to the event, with the users joined there. */
export interface EventRoom {
  roomId: string;
  members: ReadonlySet<string>;
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

async function joinedMembers(bot: BotContext, roomId: string): Promise<Set<string>> {
  try {
    return new Set(await bot.client.getJoinedRoomMembers(roomId));
  } catch (error) {
    // The bot is no longer in that room: nobody can be reached there.
    if (isPermanent(error)) return new Set();
    throw error;
  }
}

/** The rooms bound to event `slug`, first bound first, with their members as the homeserver has them. */
export async function eventRooms(bot: BotContext, slug: string): Promise<EventRoom[]> {
  const rows = await bot.db
    .selectFrom("event_rooms")
    .innerJoin("events", "events.id", "event_rooms.event_id")
    .select("event_rooms.chat_room_id")
    .where("events.slug", "=", slug)
    .orderBy("event_rooms.bound_at")
    .orderBy("event_rooms.chat_room_id")
    .execute();
  return Promise.all(
    rows.map(async ({ chat_room_id: roomId }) => ({
      roomId,
      members: await joinedMembers(bot, roomId),
    })),
  );
}
