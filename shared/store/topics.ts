// Now and next topics.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";

export async function cleanTracks(trx: Transaction<Database>, trackIds: number[]): Promise<void> {
  if (trackIds.length === 0) return;
  await trx.deleteFrom("now_topics").where("track_id", "in", trackIds).execute();
  await trx.deleteFrom("next_topics").where("track_id", "in", trackIds).execute();
}
