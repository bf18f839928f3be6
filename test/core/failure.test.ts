// A store that fails during a command: the sender is told, nothing is half-applied, and the
// message can be retried (a failed command is not logged as decided).
import { Kysely, PostgresDialect, sql, type KyselyPlugin, type RootOperationNode } from "kysely";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../shared/commands/execute.js";
import { STORE_UNAVAILABLE } from "../../shared/operations/execute.js";
import type { Database } from "../../shared/db/schema.js";
import { storeKinds } from "../support/stores.js";
import {
  bob,
  HELP_URL,
  MONDAY,
  TestEvent,
  fixtureEvent,
  mod,
  newMessageId,
  useStore,
} from "./support.js";

/** The same database, except that every query `when` picks fails (as a dropped connection would). */
function failing(db: Kysely<Database>, when: (node: RootOperationNode) => boolean) {
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (when(args.node)) throw new Error("simulated store failure");
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  return db.withPlugin(plugin);
}

const names = (node: unknown): string => JSON.stringify(node);
const always = () => true;
/** A statement with an `update events …` in it: the last one of every command, which bumps the version. */
const bumpingVersion = (node: RootOperationNode) =>
  /"kind":"UpdateQueryNode","table":\{[^}]*"name":"events"/.test(names(node));
const readingCommandLog = (node: RootOperationNode) =>
  node.kind === "SelectQueryNode" && names(node.from).includes('"name":"command_log"');
/** A statement that inserts a refused command's log row. */
const loggingRefusal = (node: RootOperationNode) =>
  names(node).includes('"kind":"InsertQueryNode"') && names(node).includes('"refused"');

const commandLogRows = async (ev: TestEvent, messageId: string) =>
  (
    await ev.db
      .selectFrom("command_log")
      .select("result")
      .where("message_id", "=", messageId)
      .execute()
  ).map((r) => r.result);

const storeError = {
  status: "done",
  result: "error",
  reply: STORE_UNAVAILABLE,
  version: null,
  notifications: [],
  effects: [],
  logId: null,
};

describe.each(storeKinds())("a failing store (%s)", (kind) => {
  const store = useStore(kind);

  /** An event with swift's now and next set, seen through a database that fails as told. */
  async function setUp(when: (node: RootOperationNode) => boolean) {
    const ev = await fixtureEvent(store().db);
    await ev.ok("#swift now old topic", { now: MONDAY });
    await ev.ok("#swift next queued");
    // Someone else subscribes: the sender is not told of their own change.
    await ev.ok("+subscribe swift", { actor: bob });
    return { ev, broken: new TestEvent(failing(ev.db, when), ev.slug, ev.chatRoomId) };
  }

  it("tells the sender when no query works, and changes nothing", async () => {
    const { ev, broken } = await setUp(always);
    const before = await ev.snapshot();
    for (const text of ["#swift now new", "~add newtrack", "+in #swift", "#help", "#svift x"]) {
      expect(await broken.run(text), text).toEqual(storeError);
    }
    expect(await ev.snapshot()).toEqual(before);
  });

  it("rolls back every write of a command whose last statement fails", async () => {
    const { ev, broken } = await setUp(bumpingVersion);
    const before = await ev.snapshot();
    const messageId = newMessageId();
    // `now` writes the topic, empties next and sets the location before the version is bumped.
    expect(await broken.run("#swift now new topic", { now: MONDAY, messageId })).toEqual(
      storeError,
    );
    expect(await ev.snapshot()).toEqual(before);
    const swift = await ev.track("swift");
    expect([swift.now?.topic, swift.next]).toEqual(["old topic", ["queued"]]);
    expect(await commandLogRows(ev, messageId)).toEqual([]);

    // Not logged, so the redelivered message is applied, once.
    const retried = await ev.ok("#swift now new topic", { now: MONDAY, messageId });
    expect(retried.version).toBe(before.version + 1);
    expect(retried.notifications).toHaveLength(1);
    expect((await ev.track("swift")).now?.topic).toBe("new topic");
    expect(await ev.run("#swift now new topic", { messageId })).toMatchObject({
      status: "duplicate",
    });
  });

  it("rolls back the earlier writes when a constraint fails mid-command", async () => {
    const { ev } = await setUp(always);
    await ev.ok("~newday"); // no location, so that `now` will set one
    await ev.ok("#swift next queued");
    const before = await ev.snapshot();
    await sql`alter table tracks add constraint test_no_ballroom_c
      check (location is distinct from 'Ballroom C') not valid`.execute(ev.db);
    try {
      // now: upserts the topic, deletes next, then sets the location to Ballroom C (refused).
      expect(await ev.run("#swift now new topic", { now: MONDAY })).toEqual(storeError);
    } finally {
      await sql`alter table tracks drop constraint test_no_ballroom_c`.execute(ev.db);
    }
    expect(await ev.snapshot()).toEqual(before);
    const swift = await ev.track("swift");
    expect([swift.now, swift.next, swift.location]).toEqual([null, ["queued"], null]);
  });

  it("rolls back a multi-row admin command whose version bump fails", async () => {
    const { ev, broken } = await setUp(bumpingVersion);
    const before = await ev.snapshot();
    expect(await broken.run("~del swift nova cinder")).toEqual(storeError);
    expect(await broken.run("~emptydb")).toEqual(storeError);
    expect(await ev.snapshot()).toEqual(before);
  });

  it("tells the sender when the store fails while looking up a redelivered message", async () => {
    const { ev, broken } = await setUp(readingCommandLog);
    const messageId = newMessageId();
    await ev.ok("#swift next once", { messageId });
    const before = await ev.snapshot();
    expect(await broken.run("#swift next once", { messageId })).toEqual(storeError);
    expect(await ev.snapshot()).toEqual(before);
  });

  it("still refuses when the refusal cannot be logged", async () => {
    const { ev, broken } = await setUp(loggingRefusal);
    const before = await ev.snapshot();
    const messageId = newMessageId();
    expect(await broken.run("#svift now x", { messageId })).toMatchObject({
      status: "done",
      result: "refused",
      reply: "Unknown track 'svift'",
      logId: null,
    });
    expect(await ev.snapshot()).toEqual(before);
    expect(await commandLogRows(ev, messageId)).toEqual([]);
  });

  // Last: closes the shared store.
  it("tells the sender when the store has been closed", async () => {
    const ev = await fixtureEvent(store().db);
    await store().db.destroy();
    expect(await ev.run("#swift now x")).toEqual(storeError);
    expect(await ev.run("+seen someone")).toEqual(storeError);
  });
});

describe("an unreachable PostgreSQL server", () => {
  it("is reported to the sender", async () => {
    const pool = new pg.Pool({
      connectionString: "postgres://postgres@127.0.0.1:1/nowhere",
      connectionTimeoutMillis: 2000,
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      const outcome = await runCommand(
        db,
        {
          messageId: newMessageId(),
          eventSlug: "nowhere",
          chatRoomId: "!room:example.org",
          venue: "event-room",
          actor: mod,
          text: "#swift now x",
        },
        { helpUrl: HELP_URL },
      );
      expect(outcome).toEqual(storeError);
    } finally {
      await db.destroy();
    }
  });
});
