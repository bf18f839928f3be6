import type { Kysely } from "kysely";

// Venue time and where to talk: an event's time zone (IANA name, e.g. "Europe/Berlin"), the date
// of its first day ("2026-04-13"), and the IRC channel people may also talk in (an irc:// or
// ircs:// URL). All three are optional; shared/store/venue-time.ts sets them.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("events")
    .addColumn("time_zone", "text")
    .addColumn("first_day", "text")
    .addColumn("irc_channel", "text")
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("events")
    .dropColumn("time_zone")
    .dropColumn("first_day")
    .dropColumn("irc_channel")
    .execute();
}
