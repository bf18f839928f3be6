// The bot's sync heartbeat: each bot account writes, after every sync it has handled, when that
// was. Power levels and members are stored as the bot syncs (bot/rooms/room-state-store.ts), so the
// newest heartbeat says how fresh they are, to every server process. Both sides use the
// database's clock, so that processes on machines with skewed clocks agree.
import { sql } from "kysely";
import type { Queryable } from "./events.js";

/**
 * Records that `botUserId` has handled a sync, `ageMs` ago (its room state stored since): never
 * moves the heartbeat back.
 */
export async function recordSync(db: Queryable, botUserId: string, ageMs = 0): Promise<void> {
  const at = sql<Date>`now() - make_interval(secs => ${Math.max(0, ageMs) / 1000})`;
  await db
    .insertInto("bot_sync_heartbeats")
    .values({ bot_user_id: botUserId, synced_at: at })
    .onConflict((oc) =>
      oc.column("bot_user_id").doUpdateSet({
        synced_at: sql<Date>`greatest(bot_sync_heartbeats.synced_at, excluded.synced_at)`,
      }),
    )
    .execute();
}

/** Seconds since any bot last handled a sync (the database's clock); null when none ever did. */
export async function secondsSinceSync(db: Queryable): Promise<number | null> {
  const row = await db
    .selectFrom("bot_sync_heartbeats")
    .select(sql<string | number | null>`extract(epoch from (now() - max(synced_at)))`.as("age"))
    .executeTakeFirst();
  if (row?.age === null || row?.age === undefined) return null;
  return Math.max(0, Number(row.age));
}
