// Brings the schema up to date from migrations/, the single source of the schema.
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from "kysely";
import * as initial from "../../migrations/0001_initial.js";
import * as bot from "../../migrations/0002_bot.js";
import * as outbox from "../../migrations/0002_outbox.js";
import * as venueTime from "../../migrations/0003_venue_time.js";
import * as sessions from "../../migrations/0004_sessions.js";
import * as roomState from "../../migrations/0005_room_state.js";
import * as follows from "../../migrations/0006_follows.js";
import * as trust from "../../migrations/0010_trust.js";
import * as memberNames from "../../migrations/0020_member_names.js";
import * as encryption from "../../migrations/0030_encryption.js";
import * as directRooms from "../../migrations/0040_direct_rooms.js";
import * as talks from "../../migrations/0060_talks.js";
import * as bookingRules from "../../migrations/0070_booking_rules.js";
import * as trackLeads from "../../migrations/0070_track_leads.js";
import * as trackRooms from "../../migrations/0080_track_rooms.js";
import * as trackRoomCreation from "../../migrations/0110_track_room_creation.js";
import * as scheduleFollowers from "../../migrations/0100_schedule_followers.js";
import * as leadRequests from "../../migrations/0090_lead_requests.js";
import * as statusLinks from "../../migrations/0120_status_links.js";
import * as schedulePollsPerEvent from "../../migrations/0160_schedule_polls_per_event.js";
import * as flushMark from "../../migrations/0170_flush_mark.js";
import type { Database } from "./schema.js";

/** Migrations are listed here in order, so that bundling and tsx both find them. */
const migrations: Record<string, Migration> = {
  "0001_initial": initial,
  "0002_bot": bot,
  "0002_outbox": outbox,
  "0003_venue_time": venueTime,
  "0004_sessions": sessions,
  "0005_room_state": roomState,
  "0006_follows": follows,
  "0010_trust": trust,
  "0020_member_names": memberNames,
  "0030_encryption": encryption,
  "0040_direct_rooms": directRooms,
  "0060_talks": talks,
  "0070_booking_rules": bookingRules,
  "0070_track_leads": trackLeads,
  "0080_track_rooms": trackRooms,
  "0110_track_room_creation": trackRoomCreation,
  "0100_schedule_followers": scheduleFollowers,
  "0090_lead_requests": leadRequests,
  "0120_status_links": statusLinks,
  "0160_schedule_polls_per_event": schedulePollsPerEvent,
  "0170_flush_mark": flushMark,
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};

/**
 * Whether every migration has run already: one query instead of the migrator's several (and its
 * lock), for the start of a process on an existing database (issue 23).
 */
async function allApplied(db: Kysely<Database>): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    // Exactly the known ones: anything else is the migrator's to report (e.g. a downgrade).
    return (
      applied.size === Object.keys(migrations).length &&
      Object.keys(migrations).every((name) => applied.has(name))
    );
  } catch {
    return false; // a new database: no migration table yet
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  if (await allApplied(db)) return [];
  // Branches add migrations side by side: each is independent of those numbered between.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const message = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`Migration failed: ${message}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
