import type { Transaction } from "kysely";
import type { Database } from "../../db/schema.js";
import { CommandRefused, type TrackRef } from "../types.js";

/** The named tracks, all of which must exist: otherwise the command is refused. */
export async function existingTracks(
  trx: Transaction<Database>,
  eventId: number,
  names: string[],
): Promise<TrackRef[]> {
  const tracks = await trx
    .selectFrom("tracks")
    .select(["id", "name"])
    .where("event_id", "=", eventId)
    .where("name", "in", names)
    .execute();
  const missing = names.filter((n) => !tracks.some((t) => t.name === n));
  if (missing.length > 0) throw new CommandRefused(`Unknown track: ${missing.join(" ")}`);
  return tracks;
}
