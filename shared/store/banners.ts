import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Banner } from "../api/event-state.js";

export async function listBanners(trx: Transaction<Database>, eventId: number): Promise<Banner[]> {
  const rows = await trx
    .selectFrom("banners")
    .select(["level", "message"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .execute();
  return rows as Banner[];
}

/** Replaces the event's banners with this list, in this order. */
export async function replaceBanners(
  trx: Transaction<Database>,
  eventId: number,
  banners: Banner[],
): Promise<void> {
  await trx.deleteFrom("banners").where("event_id", "=", eventId).execute();
  if (banners.length === 0) return;
  await trx
    .insertInto("banners")
    .values(banners.map((b, i) => ({ event_id: eventId, position: i + 1, ...b })))
    .execute();
}
