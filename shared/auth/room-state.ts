// Reading what the bot stored of a Matrix room (bot/rooms/room-state-store.ts writes it): its power
// levels and creators, whether a user is joined, and by what name.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { nickFrom } from "../matrix/member-name.js";
import type { StoredRoomPower } from "./power-level.js";

type Queryable = Kysely<Database> | Transaction<Database>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** jsonb comes back parsed from pg and PGlite; tolerate a string too. */
function json(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

export async function loadRoomPower(
  db: Queryable,
  roomId: string,
): Promise<StoredRoomPower | undefined> {
  const row = await db
    .selectFrom("matrix_room_power")
    .selectAll()
    .where("room_id", "=", roomId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const creators = json(row.creators);
  const users = json(row.users);
  const levels: Record<string, number> = {};
  if (isRecord(users)) {
    for (const [user, level] of Object.entries(users)) {
      if (typeof level === "number") levels[user] = level;
    }
  }
  return {
    creators: Array.isArray(creators)
      ? creators.filter((c): c is string => typeof c === "string")
      : [],
    creatorsPrivileged: row.creators_privileged,
    hasPowerLevels: row.has_power_levels,
    users: levels,
    usersDefault: row.users_default,
  };
}

export async function isJoined(db: Queryable, roomId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("matrix_room_members")
    .select("user_id")
    .where("room_id", "=", roomId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** How a member is named, as the chat names them: their stored display name, else the localpart. */
export async function memberNick(db: Queryable, roomId: string, userId: string): Promise<string> {
  const row = await db
    .selectFrom("matrix_room_members")
    .select("display_name")
    .where("room_id", "=", roomId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return nickFrom(userId, row?.display_name);
}
