// Where the person of each of the bot's direct rooms stands (invited, joined, gone, and since
// when), kept in the database as the bot opens rooms and as its sync goes by. A notification then
// needs no state request to the homeserver before it is sent; the homeserver is asked only about
// a direct room the database knows nothing of (one opened before this table existed).
import type { Kysely } from "kysely";
import type { Database } from "../../shared/db/schema.js";
import type { RoomEvent } from "../matrix/matrix-events.js";

export interface DirectRoomState {
  userId: string;
  membership: string;
  /** When that membership began (ms since the epoch). */
  since: number;
}

export class DirectRoomStates {
  constructor(private readonly db: Kysely<Database>) {}

  /** What the database knows of `roomId`, if anything. */
  async of(roomId: string): Promise<DirectRoomState | undefined> {
    const row = await this.db
      .selectFrom("matrix_direct_rooms")
      .select(["user_id", "membership", "since"])
      .where("room_id", "=", roomId)
      .executeTakeFirst();
    return row === undefined
      ? undefined
      : { userId: row.user_id, membership: row.membership, since: row.since.getTime() };
  }

  /** Records where `userId` stands in direct room `roomId`, and since when. */
  async record(roomId: string, userId: string, membership: string, since: number): Promise<void> {
    const values = { user_id: userId, membership, since: new Date(since) };
    await this.db
      .insertInto("matrix_direct_rooms")
      .values({ room_id: roomId, ...values })
      .onConflict((oc) => oc.column("room_id").doUpdateSet(values))
      .execute();
  }

  /**
   * Follows the membership of `person`, the one the direct room `roomId` is with, as the sync
   * delivers it (in timeline order).
   */
  async observe(roomId: string, person: string | undefined, event: RoomEvent): Promise<void> {
    if (person === undefined || event.type !== "m.room.member" || event.stateKey !== person) return;
    const membership = event.content.membership;
    if (typeof membership !== "string") return;
    await this.record(roomId, person, membership, event.originServerTs);
  }

  async forget(roomId: string): Promise<void> {
    await this.db.deleteFrom("matrix_direct_rooms").where("room_id", "=", roomId).execute();
  }
}
