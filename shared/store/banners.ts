// Banners (the message of the day) and links: verbs over their ordered lists.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Banner, EventLink } from "../api/event-state.js";

type Trx = Transaction<Database>;

export async function listBanners(trx: Trx, eventId: number): Promise<Banner[]> {
  const rows = await trx
    .selectFrom("banners")
    .select(["level", "message"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .execute();
  return rows as Banner[];
}

/** Replaces the event's banners with this list, in this order. */
export async function replaceBanners(trx: Trx, eventId: number, banners: Banner[]): Promise<void> {
  await trx.deleteFrom("banners").where("event_id", "=", eventId).execute();
  if (banners.length === 0) return;
  await trx
    .insertInto("banners")
    .values(banners.map((b, i) => ({ event_id: eventId, position: i + 1, ...b })))
    .execute();
}

/** Adds a banner after the others; returns its number (from 1). */
export async function addBanner(trx: Trx, eventId: number, banner: Banner): Promise<number> {
  const banners = await listBanners(trx, eventId);
  await replaceBanners(trx, eventId, [...banners, banner]);
  return banners.length + 1;
}

/** Removes banner number `n` (from 1). */
export async function removeBanner(trx: Trx, eventId: number, n: number): Promise<void> {
  const banners = await listBanners(trx, eventId);
  await replaceBanners(
    trx,
    eventId,
    banners.filter((_, i) => i !== n - 1),
  );
}

/** Puts the banners in this order of their numbers (from 1); the ones not named go. */
export async function reorderBanners(trx: Trx, eventId: number, order: number[]): Promise<void> {
  const banners = await listBanners(trx, eventId);
  await replaceBanners(
    trx,
    eventId,
    order.map((n) => banners[n - 1]).filter((b) => b !== undefined),
  );
}

/** Replaces the event's links with this list, in this order. */
export async function replaceLinks(trx: Trx, eventId: number, links: EventLink[]): Promise<void> {
  await trx.deleteFrom("links").where("event_id", "=", eventId).execute();
  if (links.length === 0) return;
  await trx
    .insertInto("links")
    .values(links.map((l, position) => ({ event_id: eventId, position, ...l })))
    .execute();
}
