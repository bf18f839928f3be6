// Statements per chat command: runs `#track now …` commands in-process (runCommand, as the
// bench's server does) on a store whose every statement is logged (Kysely's log hook, which
// sees begin and commit too), and prints the statements of one command and the average.
// Usage: npx tsx bench/command-statements.ts [--store pglite|postgres] [--tracks 200]
// PostgreSQL needs DATABASE_URL (a scratch database is created and dropped).
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, type LogEvent } from "kysely";
import pg from "pg";
import { runCommand } from "../shared/commands/execute.js";
import { enableFlushBarrier } from "../shared/db/durability.js";
import { migrateToLatest } from "../shared/db/migrate.js";
import { PGliteDialect } from "../shared/db/pglite-dialect.js";
import type { Database } from "../shared/db/schema.js";
import { importIntoEvent } from "../shared/schedule/ptgbot-import-event.js";
import { openTestStore, type TestStore } from "../test/support/stores.js";
import { benchEventDoc } from "./event-doc.js";

const SLUG = "DEN-ptg";
const { values } = parseArgs({
  options: {
    store: { type: "string", default: "pglite" },
    tracks: { type: "string", default: "200" },
    commands: { type: "string", default: "100" },
  },
});

let statements: string[] = [];
const log = (event: LogEvent): void => {
  statements.push(event.query.sql.replace(/\s+/g, " "));
};

let scratch: TestStore | null = null;
let db: Kysely<Database>;
let barrierPool: pg.Pool | null = null;
if (values.store === "postgres") {
  scratch = await openTestStore("postgres");
  const pool = new pg.Pool({ connectionString: scratch.url ?? "", max: 4 });
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  // As the store does (shared/db/open.ts): commands commit asynchronously, then a flush barrier
  // on a connection of its own (not logged here).
  barrierPool = new pg.Pool({ connectionString: scratch.url ?? "", max: 1 });
  enableFlushBarrier(db, barrierPool);
} else {
  const pglite = new PGlite();
  db = new Kysely<Database>({ dialect: new PGliteDialect(pglite), log });
  await migrateToLatest(db);
}
const { doc, trackNames } = benchEventDoc(Number(values.tracks));
await importIntoEvent(db, SLUG, doc);

let counter = 0;
async function apply(text: string): Promise<void> {
  const outcome = await runCommand(
    db,
    {
      messageId: `$statements-${++counter}`,
      eventSlug: SLUG,
      chatRoomId: null,
      venue: "event-room",
      actor: { id: "@bench:test", nick: "bench", powerLevel: 100 },
      text,
      replyTo: { kind: "matrix.room", roomId: "!bench:test", to: null },
    },
    { helpUrl: "http://127.0.0.1/help" },
  );
  if (outcome.status !== "done" || outcome.version === null) {
    throw new Error(`the command changed nothing: ${JSON.stringify(outcome)}`);
  }
}

const commands = Number(values.commands);
await apply(`#${trackNames[0] ?? "nova"} now warm-up`);
statements = [];
await apply(`#${trackNames[1] ?? "nova"} now one command`);
console.log(`One \`#track now …\` (${values.store}, ${values.tracks} tracks):`);
for (const s of statements) console.log(`  ${s.slice(0, 160)}`);
statements = [];
const cpu = process.cpuUsage();
for (let i = 0; i < commands; i++) {
  await apply(`#${trackNames[i % trackNames.length] ?? "nova"} now topic ${String(i)}`);
}
const used = process.cpuUsage(cpu);
console.log(`statements per command: ${(statements.length / commands).toFixed(2)}`);
// PGlite runs the database in this process: its CPU is in the figure.
console.log(
  `CPU per command in this process: ${((used.user + used.system) / 1000 / commands).toFixed(2)} ms`,
);
await db.destroy();
await barrierPool?.end();
await scratch?.close();
