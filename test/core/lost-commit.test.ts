// A connection that dies during COMMIT, after the database committed: the sender must not be
// told "nothing was changed". The core looks the command up in its log and answers with what
// was decided. A connection that dies before COMMIT still gets "nothing was changed".
import { PGlite } from "@electric-sql/pglite";
import { Kysely, type DatabaseConnection, type Driver } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../../shared/commands/execute.js";
import { STORE_UNAVAILABLE } from "../../shared/operations/execute.js";
import { migrateToLatest } from "../../shared/db/migrate.js";
import { PGliteDialect } from "../../shared/db/pglite-dialect.js";
import type { Database } from "../../shared/db/schema.js";
import { ensureEvent } from "../../shared/store/events.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { HELP_URL, mod, MONDAY } from "./support.js";

const lostConnection = (): Error =>
  Object.assign(new Error("Connection terminated unexpectedly"), { code: "08006" });

/** PGlite, with a switch that makes the next COMMIT (or the next query) fail as a lost connection. */
class FaultyDialect extends PGliteDialect {
  failAfterCommit = false;
  failBeforeCommit = false;

  override createDriver(): Driver {
    const driver = super.createDriver();
    const commit = driver.commitTransaction.bind(driver);
    driver.commitTransaction = async (connection: DatabaseConnection) => {
      if (this.failBeforeCommit) {
        this.failBeforeCommit = false;
        await driver.rollbackTransaction(connection);
        throw lostConnection();
      }
      await commit(connection);
      if (this.failAfterCommit) {
        this.failAfterCommit = false;
        throw lostConnection();
      }
    };
    return driver;
  }
}

describe("a connection lost around COMMIT (pglite)", () => {
  let pglite: PGlite;
  let dialect: FaultyDialect;
  let db: Kysely<Database>;
  beforeAll(async () => {
    pglite = new PGlite();
    dialect = new FaultyDialect(pglite);
    db = new Kysely<Database>({ dialect: dialect });
    await migrateToLatest(db);
    await ensureEvent(db, "commit-ev");
    await runCommand(
      db,
      {
        messageId: "$setup",
        eventSlug: "commit-ev",
        chatRoomId: null,
        venue: "event-room",
        actor: mod,
        text: "~add swift",
        now: MONDAY,
      },
      { helpUrl: HELP_URL },
    );
  });
  afterAll(async () => {
    await db.destroy();
  });

  const run = (messageId: string, text: string) =>
    runCommand(
      db,
      {
        messageId,
        eventSlug: "commit-ev",
        chatRoomId: null,
        venue: "event-room",
        actor: mod,
        text,
        now: MONDAY,
      },
      { helpUrl: HELP_URL, onError: () => undefined },
    );

  it("after the database committed: answers with what was applied", async () => {
    dialect.failAfterCommit = true;
    const outcome = await run("$after", "~motd add info committed anyway");
    expect(outcome).toMatchObject({
      result: "ok",
      reply: "Added banner 1 (info): committed anyway",
    });
    const state = await loadEventState(db, "commit-ev");
    expect(state?.banners.map((b) => b.message)).toEqual(["committed anyway"]);
  });

  it("before it committed: nothing was changed, and says so", async () => {
    dialect.failBeforeCommit = true;
    const outcome = await run("$before", "~motd add info never");
    expect(outcome).toMatchObject({ result: "error", reply: STORE_UNAVAILABLE });
    const state = await loadEventState(db, "commit-ev");
    expect(state?.banners.map((b) => b.message)).toEqual(["committed anyway"]);
  });
});
