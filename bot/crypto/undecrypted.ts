// Encrypted events the bot could not decrypt yet because their room key had not arrived: kept in
// the database until it does (bot-crypto.ts tries them again when to-device messages come in),
// so that a command is still read, and answered once (the command log), after a restart too.
// Keys that never come: an event is given up after a day.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import { parseRoomEvent, type Json, type RoomEvent } from "../matrix/matrix-events.js";

/** How long an undecryptable event waits for its key. */
const KEEP_FOR = "1 day";
/** How many waiting events are tried at a time, oldest first. */
const BATCH = 200;

export class UndecryptedEvents {
  constructor(private readonly db: Kysely<Database>) {}

  async keep(roomId: string, raw: Json & { event_id: string }): Promise<void> {
    await this.db
      .insertInto("matrix_undecrypted_events")
      .values({ event_id: raw.event_id, room_id: roomId, event: JSON.stringify(raw) })
      .onConflict((oc) => oc.column("event_id").doNothing())
      .execute();
  }

  /** The events still waiting (those older than a day are dropped). */
  async waiting(): Promise<{ roomId: string; event: RoomEvent }[]> {
    await this.db
      .deleteFrom("matrix_undecrypted_events")
      .where("received_at", "<", sql<Date>`now() - ${KEEP_FOR}::interval`)
      .execute();
    const rows = await this.db
      .selectFrom("matrix_undecrypted_events")
      .select(["room_id", "event"])
      .orderBy("received_at")
      .limit(BATCH)
      .execute();
    return rows.flatMap((row) => {
      const event = parseRoomEvent(row.event);
      return event === null ? [] : [{ roomId: row.room_id, event }];
    });
  }

  async remove(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.db
      .deleteFrom("matrix_undecrypted_events")
      .where("event_id", "in", eventIds)
      .execute();
  }
}
