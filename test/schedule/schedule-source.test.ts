// `~schedule URL|none` per event (issue 21): an admin sets the event's schedule URL (a registry
// operation; bad input and non-admins are refused and change nothing), the server's pollers
// pick it up and apply each new version once as an import, announced in the event's rooms in
// one line; `~schedule none` stops the polling. Against a local HTTP server.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import type { Kysely } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCommand } from "../../shared/commands/execute.js";
import type { Database } from "../../shared/db/schema.js";
import { SchedulePollers } from "../../bin/schedule-poll-sources.js";
import { bindChatRoom, ensureEvent, findEvent } from "../../shared/store/events.js";
import { eventTalks } from "../../shared/store/talks.js";
import { storeKinds, useStore } from "../support/stores.js";
import { c3voc, talkOf } from "./helpers.js";

let server: Server;
let base = "";
let body = "";
let etag = '"v1"';
let requests = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    if (req.headers["if-none-match"] === etag) {
      res.writeHead(304).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", etag }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const silent = pino(
  { level: "info" },
  new Writable({
    write(_chunk, _enc, done) {
      done();
    },
  }),
);

async function say(db: Kysely<Database>, text: string, powerLevel = 100) {
  return runCommand(
    db,
    {
      messageId: `$${randomUUID()}`,
      eventSlug: "camp",
      chatRoomId: "!camp:test",
      venue: "event-room",
      actor: { id: "@ann:test", nick: "ann", powerLevel },
      text,
    },
    { helpUrl: "http://ptg.test/help" },
  );
}

const replyOf = (outcome: Awaited<ReturnType<typeof say>>): string =>
  outcome.status === "ignored" ? "" : outcome.reply;

async function roomLines(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom("outbox")
    .select(["destination", "message"])
    .where("command_id", "is", null)
    .orderBy("id")
    .execute();
  return rows
    .filter((r) => (r.destination as { roomId?: string }).roomId === "!camp:test")
    .map((r) => (r.message as { text: string }).text);
}

describe.each(storeKinds())("~schedule URL|none (%s)", (kind) => {
  const store = useStore(kind);

  it("is polled once set, each new version applied once and announced, and stops at none", async () => {
    const { db } = store();
    const event = await ensureEvent(db, "camp");
    await db.transaction().execute((trx) => bindChatRoom(trx, "!camp:test", event.id));
    body = JSON.stringify(c3voc());
    etag = '"v1"';
    const url = `${base}/camp/schedule.json`;
    const host = new URL(base).host;

    // Bad input and non-admins change nothing.
    expect(replyOf(await say(db, "~schedule ftp://example.org/x.json"))).toMatch(
      /^The URL must be an http:\/\/ or https:\/\/ URL\. Usage: ~schedule URL/,
    );
    expect(replyOf(await say(db, "~schedule a b"))).toMatch(/^Usage: ~schedule URL/);
    expect(replyOf(await say(db, `~schedule ${url}`, 0))).toMatch(/admin|moderator/i);
    expect(replyOf(await say(db, "~schedule"))).toBe(
      "Schedule URL: not set (~schedule URL sets it)",
    );

    const pollers = new SchedulePollers({
      db,
      configured: null,
      intervalMs: 60_000,
      refreshMs: 50,
      allowPrivateAddresses: true,
      helpUrl: "http://ptg.test/help",
      logger: silent,
    });
    pollers.start();
    try {
      expect(replyOf(await say(db, `~schedule ${url}`))).toBe(
        `Schedule URL is now ${url}: it is polled, and each change is imported and announced here`,
      );
      expect(replyOf(await say(db, "~schedule"))).toBe(`Schedule URL: ${url}`);
      await vi.waitFor(async () => {
        expect(await eventTalks(db, event.id)).toHaveLength(4);
      });
      await vi.waitFor(async () => {
        expect(await roomLines(db)).toEqual([
          `Schedule updated from ${host}: 4 added, 0 changed, 0 removed (version none → 1.0)`,
        ]);
      });

      // A new version: the poller's next look applies it once. (A changed URL is a new source,
      // polled at once: the test moves to it instead of waiting for the interval.)
      const doc = c3voc();
      (doc.schedule as Record<string, unknown>).version = "1.1";
      talkOf(doc, 0, "Saal Ada", 0).title = "Über Bäume (neu)";
      body = JSON.stringify(doc);
      etag = '"v2"';
      expect(replyOf(await say(db, `~schedule ${url}?v=2`))).toMatch(/is now/);
      await vi.waitFor(async () => {
        expect(await roomLines(db)).toEqual([
          `Schedule updated from ${host}: 4 added, 0 changed, 0 removed (version none → 1.0)`,
          `Schedule updated from ${host}: 0 added, 1 changed, 0 removed (version 1.0 → 1.1)`,
        ]);
      });
      expect(pollers.sources).toEqual([`camp ${url}?v=2`]);

      // none: the poller stops; the event keeps what it imported.
      expect(replyOf(await say(db, "~schedule none"))).toBe(
        "Schedule URL cleared: the event is no longer polled",
      );
      await vi.waitFor(() => {
        expect(pollers.sources).toEqual([]);
      });
      const version = (await findEvent(db, "camp"))?.version;
      const seen = requests;
      await pollers.refresh();
      expect(requests).toBe(seen);
      expect((await findEvent(db, "camp"))?.version).toBe(version);
      expect((await eventTalks(db, event.id)).map((t) => t.title)).toContain("Über Bäume (neu)");
    } finally {
      await pollers.stop();
    }
  });
});
