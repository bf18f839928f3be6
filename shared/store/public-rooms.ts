// Which bound Matrix rooms the public state lists: a room is public when its join rule is
// `public` (as the bot last saw it) or an admin marked it public. Private rooms' ids are not
// published: knowing one is a step towards asking to join it. A change of either bumps the
// event's version, so that pages and streams drop or add the room at once.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { bumpVersion, type Queryable } from "./events.js";

/** The public rooms bound to the event, in binding order. */
export async function publicMatrixRooms(db: Queryable, eventId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("event_rooms")
    .leftJoin("matrix_room_power", "matrix_room_power.room_id", "event_rooms.chat_room_id")
    .select("event_rooms.chat_room_id")
    .where("event_rooms.event_id", "=", eventId)
    .where((eb) =>
      eb.or([
        eb("event_rooms.listed_public", "=", true),
        eb("matrix_room_power.join_rule", "=", "public"),
      ]),
    )
    .orderBy("event_rooms.bound_at")
    .orderBy("event_rooms.chat_room_id")
    .execute();
  return rows.map((r) => r.chat_room_id).filter((r) => r.startsWith("!"));
}

async function bumpBoundEvent(trx: Transaction<Database>, roomId: string): Promise<void> {
  const bound = await trx
    .selectFrom("event_rooms")
    .select("event_id")
    .where("chat_room_id", "=", roomId)
    .executeTakeFirst();
  if (bound !== undefined) await bumpVersion(trx, bound.event_id, { parts: ["chatRooms"] });
}

/**
 * Stores a room's join rule (the room's row in matrix_room_power must exist); when it changed
 * for a bound room, the event's version moves on.
 */
export async function storeJoinRule(
  trx: Transaction<Database>,
  roomId: string,
  joinRule: string | null,
): Promise<void> {
  const changed = await trx
    .updateTable("matrix_room_power")
    .set({ join_rule: joinRule })
    .where("room_id", "=", roomId)
    .where(sql<boolean>`join_rule is distinct from ${joinRule}`)
    .executeTakeFirst();
  if (changed.numUpdatedRows > 0n) await bumpBoundEvent(trx, roomId);
}

/** An event room's listing: an admin's mark, and whether its join rule is `public`. */
export interface RoomListing {
  markedPublic: boolean;
  joinRulePublic: boolean;
}

/** A bound room's listing, or undefined when the room is no event's room. */
export async function roomListing(db: Queryable, roomId: string): Promise<RoomListing | undefined> {
  const row = await db
    .selectFrom("event_rooms")
    .leftJoin("matrix_room_power", "matrix_room_power.room_id", "event_rooms.chat_room_id")
    .select(["event_rooms.listed_public", "matrix_room_power.join_rule"])
    .where("event_rooms.chat_room_id", "=", roomId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { markedPublic: row.listed_public, joinRulePublic: row.join_rule === "public" };
}

/**
 * An admin's mark (`~publicroom on|off`): list a bound room publicly whatever its join rule, or
 * only while it is `public`. False when the room is not bound. The operation that calls it moves
 * the event's version on (shared/operations/kinds/status.ts).
 */
export async function markRoomPublic(
  trx: Transaction<Database>,
  roomId: string,
  listed: boolean,
): Promise<boolean> {
  const updated = await trx
    .updateTable("event_rooms")
    .set({ listed_public: listed })
    .where("chat_room_id", "=", roomId)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}
