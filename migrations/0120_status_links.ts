import type { Kysely } from "kysely";

// Issue 20, items 2–4: the pinned status message of each event room, the per-room override of
// whether a room has one (`~status on|off`; null: the default, off where an IRC bridge serves
// the room), and whether the event's meeting links are private (`~privatelinks on|off`).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("events")
    .addColumn("private_links", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.alterTable("event_rooms").addColumn("status_mode", "text").execute();
  await db.schema
    .createTable("status_messages")
    // The Matrix room, and the bot's status message there (pinned, edited in place).
    .addColumn("room_id", "text", (c) => c.primaryKey())
    .addColumn("event_id", "text", (c) => c.notNull())
    // The text the message shows now (an edit that would not change it is not sent).
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(db.fn("now")))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("status_messages").execute();
  await db.schema.alterTable("event_rooms").dropColumn("status_mode").execute();
  await db.schema.alterTable("events").dropColumn("private_links").execute();
}
