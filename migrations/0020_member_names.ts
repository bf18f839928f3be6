import type { Kysely } from "kysely";

// Each joined member's display name in the room, beside the membership the bot already keeps, so
// that a widget action names its user as the chat names a sender (bot/rooms/actor.ts): one person,
// one name. Null when the member has no display name (they are then named by their localpart).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("matrix_room_members").addColumn("display_name", "text").execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("matrix_room_members").dropColumn("display_name").execute();
}
