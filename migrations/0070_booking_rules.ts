import type { Kysely } from "kysely";

// Booking rules (issue 22): the most a track may book on one day of the event, and in total, in
// the event's unit (hours, or slots when slots have no times). Null: no limit (the default).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("event_settings")
    .addColumn("rule_per_day", "double precision")
    .addColumn("rule_total", "double precision")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("event_settings")
    .dropColumn("rule_per_day")
    .dropColumn("rule_total")
    .execute();
}
