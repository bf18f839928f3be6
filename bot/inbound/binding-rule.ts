// Who may bind a Matrix room to an event (issue 25). Whoever controls a bound room ranks by
// their power there, for the whole event (a room's creator outranks every level), so binding a
// room hands power over the event. A room is bound to event E only when:
// - the user is an admin of E: listed in PTG_ADMINS, or joined to one of E's bound rooms with
//   at least E's admin level there (as the bot stored the room's power levels);
// - or E has no room yet and PTG_ALLOWED_INVITERS allows the user (the first room makes the
//   first admins).
// The room being bound does not count: power in it counts for E only once it is bound.
import type { Kysely } from "kysely";
import { storedPowerLevel } from "../../shared/auth/power-level.js";
import { loadRoomPower } from "../../shared/auth/room-state.js";
import type { Database } from "../../shared/db/schema.js";

export interface BindingPolicy {
  /** PTG_ADMINS: admins of every event. */
  admins: readonly string[];
  /** Whether PTG_ALLOWED_INVITERS allows the user (bot/inbound/invites.ts's mayInvite). */
  allowedInviter: (userId: string) => boolean;
}

/** Whether `userId` is an admin of the event `slug` (an event that does not exist has none). */
export async function isEventAdmin(
  db: Kysely<Database>,
  slug: string,
  userId: string,
  admins: readonly string[],
): Promise<boolean> {
  if (admins.includes(userId)) return true;
  const rooms = await db
    .selectFrom("events")
    .innerJoin("event_settings", "event_settings.event_id", "events.id")
    .innerJoin("event_rooms", "event_rooms.event_id", "events.id")
    .innerJoin("matrix_room_members", "matrix_room_members.room_id", "event_rooms.chat_room_id")
    .select(["event_rooms.chat_room_id as roomId", "event_settings.admin_level as adminLevel"])
    .where("events.slug", "=", slug)
    .where("matrix_room_members.user_id", "=", userId)
    .execute();
  for (const { roomId, adminLevel } of rooms) {
    const power = await loadRoomPower(db, roomId);
    if (power !== undefined && storedPowerLevel(userId, power) >= adminLevel) return true;
  }
  return false;
}

/** Whether the event `slug` has a bound room (a missing event has none). */
export async function eventHasRooms(db: Kysely<Database>, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom("event_rooms")
    .innerJoin("events", "events.id", "event_rooms.event_id")
    .select("event_rooms.chat_room_id")
    .where("events.slug", "=", slug)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether `userId` may bind a room to the event `slug` (the rule above). */
export async function mayBindRoom(
  db: Kysely<Database>,
  slug: string,
  userId: string,
  policy: BindingPolicy,
): Promise<boolean> {
  if (await isEventAdmin(db, slug, userId, policy.admins)) return true;
  if (await eventHasRooms(db, slug)) return false;
  return policy.allowedInviter(userId);
}

/** What the bot says once in a room it joined but may not bind. */
export const adoptionHint = (slug: string): string =>
  `This room is not part of an event yet, so commands here do nothing. An admin of event '${slug}' adopts it by saying here: ~event ${slug}`;

/** The reply to `~event SLUG` from someone who may not bind the room to SLUG. */
export const mayNotBind = (slug: string): string =>
  `Only an admin of event '${slug}' can bind this room to it`;
