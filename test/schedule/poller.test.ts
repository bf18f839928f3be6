// Polling a schedule URL served by a local HTTP server: a 304 changes nothing, a new version is
// applied once and announced in the event's rooms in one line, and a failing server is retried
// with a growing delay, each failure logged. Also the pretalx API: pages followed by `next`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SchedulePoller } from "../../bin/schedule-poller.js";
import { fetchSchedule } from "../../shared/schedule/fetch-source.js";
import { bindChatRoom, ensureEvent, findEvent } from "../../shared/store/events.js";
import { eventTalks } from "../../shared/store/talks.js";
import { useStore } from "../support/stores.js";
import { c3voc, talkOf } from "./helpers.js";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let handler: Handler = (_req, res) => res.end();
let server: Server;
let base = "";
const requests: IncomingMessage["headers"][] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.headers);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A logger whose lines the test can read. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push((JSON.parse(chunk.toString()) as { msg: string }).msg);
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

describe("polling PTG_SCHEDULE_URL", () => {
  const store = useStore("pglite");

  it("applies a new version once, changes nothing on 304, and announces in the rooms", async () => {
    const { db } = store();
    const event = await ensureEvent(db, "polled");
    await db.transaction().execute((trx) => bindChatRoom(trx, "!room:test", event.id));
    let body = JSON.stringify(c3voc());
    let etag = '"v1"';
    handler = (req, res) => {
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", etag }).end(body);
    };
    const { logger, lines } = capturedLogger();
    const poller = new SchedulePoller({
      db,
      url: `${base}/schedule.json`,
      eventSlug: "polled",
      intervalMs: 60_000,
      allowPrivateAddresses: true,
      helpUrl: "http://ptg.test/help",
      logger,
    });
    const first = await poller.pollOnce();
    expect(first).toMatchObject({ status: "applied", changed: true });
    const version = (await findEvent(db, "polled"))?.version;

    // Unchanged: the server answers 304 to our If-None-Match, and nothing changes.
    expect(await poller.pollOnce()).toEqual({ status: "not-modified" });
    expect(requests.at(-1)?.["if-none-match"]).toBe('"v1"');
    expect((await findEvent(db, "polled"))?.version).toBe(version);

    // A new version: applied once, then 304 again.
    const doc = c3voc();
    (doc.schedule as Record<string, unknown>).version = "1.1";
    talkOf(doc, 0, "Saal Ada", 0).title = "Über Bäume (neu)";
    body = JSON.stringify(doc);
    etag = '"v2"';
    expect(await poller.pollOnce()).toEqual({
      status: "applied",
      changed: true,
      reply: "Imported into polled: 0 added, 1 changed, 0 removed (version 1.0 → 1.1)",
    });
    expect(await poller.pollOnce()).toEqual({ status: "not-modified" });
    const talks = await eventTalks(db, event.id);
    expect(talks.map((t) => t.title)).toContain("Über Bäume (neu)");

    const announced = await db
      .selectFrom("outbox")
      .select(["destination", "message"])
      .where("command_id", "is", null)
      .execute();
    expect(announced.map((r) => (r.message as { text: string }).text)).toEqual([
      `Schedule updated from ${new URL(base).host}: 4 added, 0 changed, 0 removed (version none → 1.0)`,
      `Schedule updated from ${new URL(base).host}: 0 added, 1 changed, 0 removed (version 1.0 → 1.1)`,
    ]);
    expect(announced[0]?.destination).toEqual({
      kind: "matrix.room",
      roomId: "!room:test",
      to: null,
    });
    expect(lines.some((l) => l.includes("1 changed"))).toBe(true);
  });

  it("imports one URL into each event that polls it (their ETags are their own)", async () => {
    const { db } = store();
    const etag = '"shared"';
    const body = JSON.stringify(c3voc());
    handler = (req, res) => {
      if (req.headers["if-none-match"] === etag) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", etag }).end(body);
    };
    const pollerFor = (eventSlug: string) =>
      new SchedulePoller({
        db,
        url: `${base}/shared.json`,
        eventSlug,
        intervalMs: 60_000,
        allowPrivateAddresses: true,
        helpUrl: "http://ptg.test/help",
        logger: capturedLogger().logger,
      });
    for (const slug of ["first", "second"]) {
      await ensureEvent(db, slug);
      expect(await pollerFor(slug).pollOnce()).toMatchObject({ status: "applied", changed: true });
      expect(await pollerFor(slug).pollOnce()).toEqual({ status: "not-modified" });
    }
    for (const slug of ["first", "second"]) {
      const event = await findEvent(db, slug);
      expect(await eventTalks(db, event?.id ?? -1), slug).toHaveLength(4);
    }
  });

  it("retries a failing server with a growing delay, logging each failure", async () => {
    const { db } = store();
    const flaky = await ensureEvent(db, "flaky");
    let calls = 0;
    handler = (_req, res) => {
      calls++;
      if (calls <= 3) {
        res.writeHead(503, { "content-type": "text/plain" }).end("busy");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(c3voc()));
    };
    const { logger, lines } = capturedLogger();
    const poller = new SchedulePoller({
      db,
      url: `${base}/flaky.json`,
      eventSlug: "flaky",
      intervalMs: 60_000,
      retryMs: 20,
      allowPrivateAddresses: true,
      helpUrl: "http://ptg.test/help",
      logger,
    });
    const started = Date.now();
    poller.start();
    await vi.waitFor(
      async () => {
        expect(await eventTalks(db, flaky.id)).toHaveLength(4);
      },
      {
        timeout: 20_000,
      },
    );
    await poller.stop();
    // 20 + 40 + 80 ms of back-off at least, between four attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(calls).toBe(4);
    expect(lines.filter((l) => /failed \(attempt \d\): .*503/.test(l))).toHaveLength(3);
  });

  it("reads pretalx's paged API, following next links, and refuses a talk that ends before it starts", async () => {
    const event = {
      name: { en: "Pretalx Fest" },
      slug: "fest",
      date_from: "2026-05-01",
      date_to: "2026-05-02",
      timezone: "Europe/Vienna",
    };
    const talk = (code: string, start: string, end: string, room = "Hörsaal 1") => ({
      code,
      title: `Vortrag ${code}`,
      track: { name: { en: "Über Alles" }, color: "#123456" },
      speakers: [{ code: "S1", name: "Ærøskøbing" }],
      submission_type: { name: { en: "Talk" } },
      slots: [{ start, end, room: { name: { en: room } } }],
    });
    let pages: Record<string, unknown> = {};
    handler = (req, res) => {
      const url = new URL(req.url ?? "/", base);
      const answer =
        url.pathname === "/api/events/fest/" ? event : pages[url.searchParams.get("page") ?? ""];
      res
        .writeHead(answer === undefined ? 404 : 200, { "content-type": "application/json" })
        .end(JSON.stringify(answer ?? {}));
    };
    pages = {
      "1": {
        count: 3,
        next: `${base}/api/events/fest/submissions/?page=2`,
        results: [
          talk("AB1", "2026-05-01T10:00:00+02:00", "2026-05-01T10:30:00+02:00"),
          talk("AB2", "2026-05-01T10:15:00+02:00", "2026-05-01T11:00:00+02:00"),
        ],
      },
      "2": {
        count: 3,
        next: null,
        results: [talk("AB3", "2026-05-02T00:30:00+02:00", "2026-05-02T01:00:00+02:00", "Café")],
      },
    };
    const fetched = await fetchSchedule(`${base}/api/events/fest/`, {
      allowPrivateAddresses: true,
    });
    if (fetched.status !== "ok" || fetched.recognised.format !== "pretalx-api")
      throw new Error("not read as pretalx");
    const { schedule } = fetched.recognised;
    expect(schedule.talks.map((t) => [t.guid, t.room, t.durationMinutes, t.day])).toEqual([
      ["AB1", "Hörsaal 1", 30, "2026-05-01"],
      ["AB2", "Hörsaal 1", 45, "2026-05-01"],
      ["AB3", "Café", 30, "2026-05-01"],
    ]);
    expect(schedule.tracks).toEqual([{ name: "Über Alles", color: "#123456" }]);
    expect(requests.some((h) => h.accept?.includes("application/json"))).toBe(true);

    pages["2"] = {
      count: 1,
      next: null,
      results: [talk("AB3", "2026-05-02T01:00:00+02:00", "2026-05-02T00:30:00+02:00")],
    };
    await expect(
      fetchSchedule(`${base}/api/events/fest/`, { allowPrivateAddresses: true }),
    ).rejects.toThrow(/^page 2 results\[0\]\.slots\[0\]: the talk ends before it starts$/);
    // From chat (~fetchdb), a private address is refused by the fetch policy.
    await expect(fetchSchedule(`${base}/api/events/fest/`)).rejects.toThrow(
      /private or local address/,
    );
  });
});
