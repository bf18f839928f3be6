// Run as a separate process by cross-process.test.ts: opens the PostgreSQL database given on the
// command line, applies one chat command, and prints the version it brought.
//   node --import tsx test/server/apply-command.ts URL SLUG TEXT
import { runCommand } from "../../shared/commands/execute.js";
import { openStore } from "../../shared/db/open.js";

const [url, slug, text] = process.argv.slice(2);
if (url === undefined || slug === undefined || text === undefined) {
  throw new Error("usage: apply-command.ts URL SLUG TEXT");
}
const store = await openStore({ kind: "postgres", url, poolSize: 1 });
try {
  const outcome = await runCommand(
    store.db,
    {
      messageId: `$other-process-${process.pid}-${Date.now()}`,
      eventSlug: slug,
      chatRoomId: null,
      venue: "event-room",
      actor: { id: "@mod:test", nick: "mod", powerLevel: 100 },
      text,
    },
    { helpUrl: "http://ptg.test/help" },
  );
  if (outcome.status !== "done" || outcome.version === null) {
    throw new Error(`nothing changed: ${JSON.stringify(outcome)}`);
  }
  process.stdout.write(`${outcome.version}\n`);
} finally {
  await store.close();
}
