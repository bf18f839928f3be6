import { sql, type Kysely } from "kysely";

// What the bot knows of each Matrix room it is in, kept as it syncs, so that any server process
// can authorize a widget action: who may do what (power levels, and the room's creators, who
// outrank every level in room version 12+) and who is joined.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("matrix_room_power")
    .addColumn("room_id", "text", (c) => c.primaryKey())
    // The creators (m.room.create's sender, plus additional_creators in v12+), a JSON array.
    .addColumn("creators", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("creators_privileged", "boolean", (c) => c.notNull().defaultTo(false))
    // False when the room has no m.room.power_levels event (the creator then has 100).
    .addColumn("has_power_levels", "boolean", (c) => c.notNull().defaultTo(false))
    // m.room.power_levels `users` (user id → level), a JSON object, and `users_default`.
    .addColumn("users", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("users_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("matrix_room_members")
    .addColumn("room_id", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("matrix_room_members_pk", ["room_id", "user_id"])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("matrix_room_members").execute();
  await db.schema.dropTable("matrix_room_power").execute();
}
