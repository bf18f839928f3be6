import type { Kysely } from "kysely";

// Track leads (issue 22): the Matrix users who steer a track. An admin, or a lead of the track,
// changes them; with `leads_required` (~requireleads) a track's commands are taken only from its
// leads and admins. Off by default: an event without leads behaves as before.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("track_leads")
    .addColumn("track_id", "integer", (c) =>
      c.notNull().references("tracks.id").onDelete("cascade"),
    )
    .addColumn("event_id", "integer", (c) =>
      c.notNull().references("events.id").onDelete("cascade"),
    )
    // A Matrix user id.
    .addColumn("user_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("track_leads_pk", ["track_id", "user_id"])
    .execute();
  await db.schema.createIndex("track_leads_event").on("track_leads").column("event_id").execute();
  await db.schema
    .alterTable("event_settings")
    .addColumn("leads_required", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("event_settings").dropColumn("leads_required").execute();
  await db.schema.dropTable("track_leads").execute();
}
