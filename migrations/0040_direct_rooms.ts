import { sql, type Kysely } from "kysely";

// What the bot knows of its direct rooms, kept as it opens them and as it syncs, so that a
// notification needs no state request to the homeserver: whom each room is with, where that
// person stands there (invited, joined, gone) and since when.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("matrix_direct_rooms")
    .addColumn("room_id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull())
    // The person's membership: invite, join, leave or ban.
    .addColumn("membership", "text", (c) => c.notNull())
    // When that membership began (the invite's time, for a wait bounded from the invite).
    .addColumn("since", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("matrix_direct_rooms_user")
    .on("matrix_direct_rooms")
    .column("user_id")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("matrix_direct_rooms").execute();
}
