// A schedule URL's saved ETag and Last-Modified are per event: two events polling the same URL
// each import it (with one shared row, the second got a 304 and never imported).
import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("schedule_polls")
    .addColumn("event_slug", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await sql`alter table schedule_polls drop constraint schedule_polls_pkey`.execute(db);
  await sql`alter table schedule_polls add primary key (event_slug, url)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against any schema
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table schedule_polls drop constraint schedule_polls_pkey`.execute(db);
  await sql`delete from schedule_polls where event_slug <> ''`.execute(db);
  await db.schema.alterTable("schedule_polls").dropColumn("event_slug").execute();
  await sql`alter table schedule_polls add primary key (url)`.execute(db);
}
