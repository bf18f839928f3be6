// Every operation kind, executed as a typed value (not chat text): its typed result, what it
// changed, and the outbox rows it queued in its transaction (the reply to the source, the
// notifications for Matrix subscribers, the effects).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bindChatRoom } from "../../shared/store/events.js";
import { setRoomTrack } from "../../shared/store/track-rooms.js";
import type { Actor } from "../../shared/operations/context.js";
import type { Destination } from "../../shared/domain/destination.js";
import { execute, type Execution } from "../../shared/operations/execute.js";
import type { Operation, OperationKind } from "../../shared/operations/operation.js";
import type { OperationResult } from "../../shared/operations/result.js";
import { storeKinds } from "../support/stores.js";
import {
  FIXTURE,
  HELP_URL,
  MONDAY,
  TUESDAY,
  alice,
  bob,
  fixtureEvent,
  mod,
  newMessageId,
  useStore,
  type TestEvent,
} from "./support.js";

const ROOM = "!ops:example.org";
const replyTo: Destination = {
  kind: "matrix.room",
  roomId: ROOM,
  to: { userId: mod.id, nick: "mod" },
};

async function run(
  ev: TestEvent,
  operation: Operation,
  options: { actor?: Actor; now?: Date; replyTo?: Destination | null } = {},
): Promise<Execution> {
  return execute(
    ev.db,
    operation,
    options.actor ?? mod,
    {
      commandId: newMessageId(),
      eventSlug: ev.slug,
      chatRoomId: ROOM,
      replyTo: options.replyTo === undefined ? replyTo : options.replyTo,
      now: options.now ?? MONDAY,
    },
    {
      helpUrl: HELP_URL,
      allowPrivateFetch: true,
      bridgedUsers: /^@irc_/,
      onError: (error) => {
        throw error;
      },
    },
  );
}

/** The outbox rows a command queued: [destination, message], in order. */
async function rowsOf(ev: TestEvent, execution: Execution) {
  if (execution.logId === null) return [];
  const rows = await ev.db
    .selectFrom("outbox")
    .select(["destination", "message", "adapter", "delivered_at"])
    .where("command_id", "=", execution.logId)
    .orderBy("id")
    .execute();
  return rows.map((r) => [r.destination, r.message]);
}

const textTo = (destination: Destination, text: string) => [destination, { kind: "text", text }];

/** A web server with one PTGbot document for admin.fetchDb. */
let server: Server;
let documentUrl = "";
beforeAll(async () => {
  server = createServer((_request, response) => {
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ ...FIXTURE, tracks: [...FIXTURE.tracks, "fetched"] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  documentUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ptg.json`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

interface Case {
  operation: () => Operation;
  actor?: Actor;
  now?: Date;
  /** Run first, on the same event. */
  before?: (ev: TestEvent) => Promise<unknown>;
  result?: OperationResult;
  /** The execution's outcome, when not ok. */
  refused?: string;
  changed: boolean;
  /** Checks the state afterwards. */
  after?: (ev: TestEvent) => Promise<void>;
}

/** One case per operation kind: the compiler says when a kind has none. */
const cases: Record<OperationKind, Case> = {
  help: {
    operation: () => ({ kind: "help" }),
    result: { kind: "help", helpUrl: HELP_URL },
    changed: false,
  },
  "chat.invalid": {
    operation: () => ({
      kind: "chat.invalid",
      scope: { kind: "track", track: "svift" },
      reply: "x",
    }),
    refused: "Unknown track 'svift'",
    changed: false,
  },
  "track.now": {
    operation: () => ({ kind: "track.now", track: "swift", topic: "erasure codes" }),
    result: { kind: "track.now", track: "swift", noRoomToday: false },
    changed: true,
    after: async (ev) => {
      expect((await ev.track("swift")).now?.topic).toBe("erasure codes");
    },
  },
  "track.next": {
    operation: () => ({ kind: "track.next", track: "k8s-sig", topic: "helm" }),
    now: TUESDAY,
    result: { kind: "track.next", track: "k8s-sig", noRoomToday: true },
    changed: true,
    after: async (ev) => {
      expect((await ev.track("k8s-sig")).next).toEqual(["helm"]);
    },
  },
  "track.clean": {
    operation: () => ({ kind: "track.clean", track: "swift" }),
    before: (ev) => ev.ok("#swift now gone soon"),
    result: { kind: "track.clean", track: "swift" },
    changed: true,
    after: async (ev) => {
      expect((await ev.track("swift")).now).toBeNull();
    },
  },
  "track.etherpad": {
    operation: () => ({ kind: "track.etherpad", track: "swift", etherpad: null }),
    before: (ev) => ev.ok("#swift etherpad https://pad.example.org/p/swift"),
    result: {
      kind: "track.etherpad",
      track: "swift",
      etherpad: "https://etherpad.opendev.org/p/{slug}-swift",
      custom: false,
    },
    changed: true,
  },
  "track.url": {
    operation: () => ({ kind: "track.url", track: "swift", url: "https://meet.example.org/swift" }),
    result: { kind: "track.url", track: "swift", url: "https://meet.example.org/swift" },
    changed: true,
  },
  "track.color": {
    operation: () => ({ kind: "track.color", track: "swift", color: "Teal" }),
    result: { kind: "track.color", track: "swift", color: "teal" },
    changed: true,
    after: async (ev) => {
      expect((await ev.track("swift")).color).toBe("teal");
    },
  },
  "track.location": {
    operation: () => ({ kind: "track.location", track: "swift", location: "the bar" }),
    result: { kind: "track.location", track: "swift", location: "the bar" },
    changed: true,
  },
  "booking.book": {
    operation: () => ({ kind: "booking.book", track: "swift", room: "aspen", slot: "fria1" }),
    result: { kind: "booking.book", track: "swift", room: "Aspen", slot: "FriA1" },
    changed: true,
    after: async (ev) => {
      expect(await ev.booking("Aspen", "FriA1")).toBe("swift");
    },
  },
  "booking.unbook": {
    operation: () => ({ kind: "booking.unbook", track: "swift", room: "Vail", slot: "TueP2" }),
    result: { kind: "booking.unbook", track: "swift", room: "Vail", slot: "TueP2" },
    changed: true,
  },
  "presence.checkIn": {
    operation: () => ({ kind: "presence.checkIn", place: "Swift" }),
    actor: alice,
    result: { kind: "presence.checkIn", place: "#swift" },
    changed: true,
  },
  "presence.checkOut": {
    operation: () => ({ kind: "presence.checkOut" }),
    actor: alice,
    before: (ev) => ev.ok("+in the bar", { actor: alice }),
    result: { kind: "presence.checkOut", place: "the bar" },
    changed: true,
  },
  "presence.seen": {
    operation: () => ({ kind: "presence.seen", nick: "alice" }),
    before: (ev) => ev.ok("+in #swift", { actor: alice }),
    result: {
      kind: "presence.seen",
      asked: "alice",
      found: { nick: "Alice", location: "#swift", at: MONDAY, checkedOut: false },
    },
    changed: false,
  },
  "subscription.show": {
    operation: () => ({ kind: "subscription.show" }),
    actor: bob,
    before: (ev) => ev.ok("+subscribe nova", { actor: bob }),
    result: { kind: "subscription.show", pattern: "nova" },
    changed: false,
  },
  "subscription.set": {
    operation: () => ({ kind: "subscription.set", pattern: "swift|nova" }),
    actor: bob,
    result: { kind: "subscription.set", pattern: "swift|nova", previous: null },
    changed: true,
  },
  "subscription.cancel": {
    operation: () => ({ kind: "subscription.cancel" }),
    actor: bob,
    before: (ev) => ev.ok("+subscribe nova", { actor: bob }),
    result: { kind: "subscription.cancel", pattern: "nova" },
    changed: true,
  },
  "follow.add": {
    operation: () => ({ kind: "follow.add", trackName: "#Nova" }),
    actor: bob,
    result: { kind: "follow.add", track: "nova", already: false },
    changed: false,
    after: async (ev) => {
      expect(await ev.db.selectFrom("follows").select("person_key").execute()).toEqual([
        { person_key: bob.id },
      ]);
    },
  },
  "follow.remove": {
    operation: () => ({ kind: "follow.remove", trackName: "nova" }),
    actor: bob,
    before: (ev) => ev.ok("+follow #nova", { actor: bob }),
    result: { kind: "follow.remove", track: "nova", already: false },
    changed: false,
  },
  "follow.show": {
    operation: () => ({ kind: "follow.show" }),
    actor: bob,
    before: (ev) => ev.ok("+follow swift", { actor: bob }),
    result: { kind: "follow.show", tracks: ["swift"] },
    changed: false,
  },
  "admin.list": {
    operation: () => ({ kind: "admin.list" }),
    result: { kind: "admin.list", tracks: [...FIXTURE.tracks].sort(), page: 1 },
    changed: false,
  },
  "admin.addTracks": {
    operation: () => ({ kind: "admin.addTracks", tracks: ["#Zed", "zed", "yak"] }),
    result: { kind: "admin.addTracks", tracks: ["zed", "yak"] },
    changed: true,
  },
  "admin.deleteTracks": {
    operation: () => ({ kind: "admin.deleteTracks", tracks: ["swift"] }),
    result: { kind: "admin.deleteTracks", tracks: ["swift"] },
    changed: true,
    after: async (ev) => {
      expect((await ev.state()).tracks.map((t) => t.name)).not.toContain("swift");
    },
  },
  "admin.cleanTracks": {
    operation: () => ({ kind: "admin.cleanTracks", tracks: ["swift", "nova"] }),
    result: { kind: "admin.cleanTracks", tracks: ["nova", "swift"] },
    changed: true,
  },
  "admin.newDay": {
    operation: () => ({ kind: "admin.newDay" }),
    before: (ev) => ev.ok("+in #swift", { actor: alice }),
    result: { kind: "admin.newDay" },
    changed: true,
    after: async (ev) => {
      expect((await ev.track("swift")).checkedIn).toEqual([]);
    },
  },
  "admin.motdAdd": {
    operation: () => ({ kind: "admin.motdAdd", level: "warning", message: "fire drill at 3" }),
    result: { kind: "admin.motdAdd", number: 1, level: "warning", message: "fire drill at 3" },
    changed: true,
  },
  "admin.motdDel": {
    operation: () => ({ kind: "admin.motdDel", number: 1 }),
    before: (ev) => ev.ok("~motd add info one"),
    result: { kind: "admin.motdDel", number: 1 },
    changed: true,
  },
  "admin.motdReorder": {
    operation: () => ({ kind: "admin.motdReorder", order: [2, 1] }),
    before: async (ev) => {
      await ev.ok("~motd add info one");
      await ev.ok("~motd add info two");
    },
    result: { kind: "admin.motdReorder", order: [2, 1] },
    changed: true,
    after: async (ev) => {
      expect((await ev.state()).banners.map((b) => b.message)).toEqual(["two", "one"]);
    },
  },
  "admin.motdClean": {
    operation: () => ({ kind: "admin.motdClean" }),
    result: { kind: "admin.motdClean" },
    changed: true,
  },
  "admin.requireVoice": {
    operation: () => ({ kind: "admin.requireVoice" }),
    result: { kind: "admin.requireVoice" },
    changed: true,
    after: async (ev) => {
      expect((await ev.state()).voiceRequired).toBe(true);
    },
  },
  "leads.show": {
    operation: () => ({ kind: "leads.show", trackName: "nova" }),
    result: { kind: "leads.show", track: "nova", leads: "", count: 0 },
    changed: false,
  },
  "leads.add": {
    operation: () => ({ kind: "leads.add", track: "nova", who: ["@jane:example.org"] }),
    result: { kind: "leads.add", track: "nova", leads: "@jane:example.org", count: 1 },
    changed: true,
  },
  "leads.del": {
    operation: () => ({ kind: "leads.del", track: "nova", who: ["@jane:example.org"] }),
    before: (ev) => ev.ok("#nova leads add @jane:example.org"),
    result: { kind: "leads.del", track: "nova", leads: "", count: 0 },
    changed: true,
  },
  "admin.requireLeads": {
    operation: () => ({ kind: "admin.requireLeads" }),
    result: { kind: "admin.requireLeads" },
    changed: true,
  },
  "leads.request": {
    operation: () => ({ kind: "leads.request", trackName: "nova", text: "I chair Nova" }),
    actor: alice,
    result: { kind: "leads.request", number: 1, track: "nova" },
    changed: true,
  },
  "leads.requests": {
    operation: () => ({ kind: "leads.requests" }),
    before: (ev) =>
      run(ev, { kind: "leads.request", trackName: "nova", text: "I chair Nova" }, { actor: alice }),
    result: { kind: "leads.requests", count: 1, list: "1 Alice #nova" },
    changed: false,
  },
  "leads.approve": {
    operation: () => ({ kind: "leads.approve", number: 1 }),
    before: (ev) =>
      run(ev, { kind: "leads.request", trackName: "nova", text: "I chair Nova" }, { actor: alice }),
    result: { kind: "leads.approve", number: 1, nick: "Alice", track: "nova", open: 0 },
    changed: true,
  },
  "leads.refuse": {
    operation: () => ({ kind: "leads.refuse", number: 1 }),
    before: (ev) =>
      run(ev, { kind: "leads.request", trackName: "nova", text: "I chair Nova" }, { actor: alice }),
    result: { kind: "leads.refuse", number: 1, nick: "Alice", track: "nova", open: 0 },
    changed: true,
  },
  "rules.show": {
    operation: () => ({ kind: "rules.show" }),
    result: { kind: "rules.show", text: "No booking rules (hours from the slot labels' times)" },
    changed: false,
  },
  "rules.set": {
    operation: () => ({ kind: "rules.set", rule: "perday", amount: 4 }),
    result: {
      kind: "rules.set",
      text: "Each track books at most 4 hours a day (hours from the slot labels' times)",
    },
    changed: true,
  },
  "admin.allowEveryone": {
    operation: () => ({ kind: "admin.allowEveryone" }),
    before: (ev) => ev.ok("~requirevoice"),
    result: { kind: "admin.allowEveryone" },
    changed: true,
  },
  "admin.emptyDb": {
    operation: () => ({ kind: "admin.emptyDb" }),
    result: { kind: "admin.emptyDb", slug: "{slug}" },
    changed: true,
    after: async (ev) => {
      expect((await ev.state()).tracks).toEqual([]);
    },
  },
  "admin.fetchDb": {
    operation: () => ({ kind: "admin.fetchDb", url: documentUrl }),
    result: {
      kind: "admin.fetchDb",
      slug: "{slug}",
      summary:
        "Imported into {slug}: 45 tracks, 23 rooms, 20 slots, 356 bookings; the document is for " +
        "DEN-ptg, imported into {slug}, so etherpad links now use {slug}",
    },
    changed: true,
    after: async (ev) => {
      expect((await ev.state()).tracks.map((t) => t.name)).toContain("fetched");
    },
  },
  "admin.importDocument": {
    operation: () => ({
      kind: "admin.importDocument",
      document: { ...FIXTURE, tracks: [...FIXTURE.tracks, "imported"] },
      from: "test.json",
    }),
    result: {
      kind: "admin.importDocument",
      slug: "{slug}",
      summary:
        "Imported into {slug}: 45 tracks, 23 rooms, 20 slots, 356 bookings; the document is for " +
        "DEN-ptg, imported into {slug}, so etherpad links now use {slug}",
    },
    changed: true,
    after: async (ev) => {
      expect((await ev.state()).tracks.map((t) => t.name)).toContain("imported");
    },
  },
  "admin.showEvent": {
    operation: () => ({ kind: "admin.showEvent" }),
    result: { kind: "admin.showEvent", slug: "{slug}" },
    changed: false,
  },
  "admin.bindEvent": {
    operation: () => ({ kind: "admin.bindEvent", slug: "other-event" }),
    result: { kind: "admin.bindEvent", slug: "other-event" },
    changed: true,
  },
  "admin.showName": {
    operation: () => ({ kind: "admin.showName" }),
    result: { kind: "admin.showName", name: "{slug}" },
    changed: false,
  },
  "admin.setName": {
    operation: () => ({ kind: "admin.setName", name: "Denver PTG" }),
    result: { kind: "admin.setName", name: "Denver PTG" },
    changed: true,
    after: async (ev) => {
      expect((await ev.state()).name).toBe("Denver PTG");
    },
  },
  "admin.venue": {
    operation: () => ({ kind: "admin.venue", setting: "timezone", value: "Europe/Berlin" }),
    result: { kind: "admin.venue", setting: "timezone", value: "Europe/Berlin", shown: false },
    changed: true,
    after: async (ev) => {
      expect((await ev.state()).timeZone).toBe("Europe/Berlin");
    },
  },
  "admin.scheduleSource": {
    operation: () => ({
      kind: "admin.scheduleSource",
      url: "https://pretalx.example.org/c/schedule.json",
    }),
    result: {
      kind: "admin.scheduleSource",
      url: "https://pretalx.example.org/c/schedule.json",
      shown: false,
    },
    changed: true,
  },
  "admin.widget": {
    operation: () => ({ kind: "admin.widget" }),
    result: { kind: "admin.widget" },
    changed: false,
  },
  "admin.trackRoom": {
    operation: () => ({ kind: "admin.trackRoom", track: "swift" }),
    result: { kind: "admin.trackRoom", track: "swift", was: null },
    changed: true,
  },
  "trackRooms.create": {
    operation: () => ({ kind: "trackRooms.create", tracks: ["swift"] }),
    result: { kind: "trackRooms.create", queued: ["swift"], had: [], underWay: [] },
    changed: true,
  },
  "trackRooms.space": {
    operation: () => ({ kind: "trackRooms.space", target: "#space:example.org" }),
    result: {
      kind: "trackRooms.space",
      asked: "#space:example.org",
      roomId: null,
      alias: null,
      checking: "#space:example.org",
    },
    changed: true,
  },
  "trackRooms.spaceCreated": {
    operation: () => ({ kind: "trackRooms.spaceCreated", roomId: "!space", alias: null }),
    result: { kind: "trackRooms.spaceCreated", roomId: "!space", alias: null, kept: false },
    changed: true,
  },
  "trackRooms.spaceAdopted": {
    before: (ev) => run(ev, { kind: "trackRooms.space", target: "#s:example.org" }),
    operation: () => ({
      kind: "trackRooms.spaceAdopted",
      target: "#s:example.org",
      roomId: "!s",
      alias: "#s:example.org",
      error: null,
    }),
    result: {
      kind: "trackRooms.spaceAdopted",
      target: "#s:example.org",
      roomId: "!s",
      alias: "#s:example.org",
      error: null,
      current: true,
    },
    changed: true,
  },
  "trackRooms.created": {
    before: async (ev) => {
      await queueSwift(ev);
    },
    operation: () => ({
      kind: "trackRooms.created",
      job: job.id,
      track: "swift",
      roomId: "!swiftroom",
      alias: null,
    }),
    result: {
      kind: "trackRooms.created",
      track: "swift",
      error: null,
      progress: { total: 1, done: 1, failed: [], pending: 0 },
    },
    changed: true,
  },
  "trackRooms.failed": {
    before: async (ev) => {
      await queueSwift(ev);
    },
    operation: () => ({ kind: "trackRooms.failed", batch: job.batch, job: job.id, error: "no" }),
    result: {
      kind: "trackRooms.failed",
      track: "swift",
      error: "no",
      progress: { total: 1, done: 0, failed: ["swift"], pending: 0 },
    },
    changed: true,
  },
  "trackRooms.paced": {
    before: async (ev) => {
      await queueSwift(ev);
    },
    operation: () => ({ kind: "trackRooms.paced", batch: job.batch, waitSeconds: 60 }),
    result: {
      kind: "trackRooms.paced",
      waitSeconds: 60,
      progress: { total: 1, done: 0, failed: [], pending: 1 },
    },
    changed: true,
  },
  "admin.status": {
    // The room is an event room of this event (and no track's).
    before: async (ev) => {
      await bindChatRoom(ev.db, ROOM, await ev.id());
      await setRoomTrack(ev.db, ROOM, null);
    },
    operation: () => ({ kind: "admin.status", mode: "on" }),
    result: { kind: "admin.status", mode: "on", trackRoom: false },
    changed: true,
  },
  "admin.privateLinks": {
    operation: () => ({ kind: "admin.privateLinks", on: true }),
    result: { kind: "admin.privateLinks", on: true },
    changed: true,
  },
  "admin.publicRoom": {
    before: async (ev) => {
      await bindChatRoom(ev.db, ROOM, await ev.id());
    },
    operation: () => ({ kind: "admin.publicRoom", on: true }),
    result: { kind: "admin.publicRoom", on: true, joinRulePublic: false },
    changed: true,
  },
};

/** The job `~trackrooms create swift` queued last (for the bot's records). */
const job = { id: 0, batch: 0 };
async function queueSwift(ev: TestEvent): Promise<void> {
  await run(ev, { kind: "trackRooms.create", tracks: ["swift"] });
  const row = await ev.db
    .selectFrom("track_room_jobs")
    .select(["id", "batch_id"])
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  job.id = row.id;
  job.batch = row.batch_id;
}

/** `{slug}` in an expected result stands for the test event's slug. */
const withSlug = (value: unknown, slug: string): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll("{slug}", slug), (_key, v: unknown) =>
    typeof v === "string" && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v) : v,
  ) as unknown;

describe.each(storeKinds())("operations (%s)", (kind) => {
  const store = useStore(kind);

  it.each(Object.entries(cases))("%s", async (_kind, c) => {
    const ev = await fixtureEvent(store().db);
    await c.before?.(ev);
    const version = await ev.version();
    const execution = await run(ev, c.operation(), {
      ...(c.actor === undefined ? {} : { actor: c.actor }),
      ...(c.now === undefined ? {} : { now: c.now }),
    });
    if (c.refused !== undefined) {
      expect(execution).toMatchObject({ status: "done", result: "refused", reply: c.refused });
      expect(await rowsOf(ev, execution)).toEqual([textTo(replyTo, c.refused)]);
    } else {
      expect(execution.status).toBe("done");
      expect(execution.value).toEqual(withSlug(c.result, ev.slug));
      const reply = execution.reply;
      const rows = await rowsOf(ev, execution);
      // The reply (when there is one) is queued for the source, rendered from the result.
      const texts = rows.filter(([, m]) => (m as { kind: string }).kind === "text");
      // (Announcements, addressed to nobody, are checked by their kinds' own tests.)
      const addressed = (d: Destination) => d.kind === "matrix.room" && d.to !== null;
      expect(texts.filter(([d]) => addressed(d as Destination))).toEqual(
        reply === "" ? [] : [textTo(replyTo, reply)],
      );
    }
    expect(await ev.version()).toBe(c.changed ? version + 1 : version);
    await c.after?.(ev);
  });

  it("refuses admin operations below the admin level, whatever their source", async () => {
    const ev = await fixtureEvent(store().db);
    const before = await ev.snapshot();
    const execution = await run(ev, { kind: "admin.emptyDb" }, { actor: alice, replyTo: null });
    expect(execution).toMatchObject({ result: "refused", reply: "Need op for admin commands" });
    expect(await rowsOf(ev, execution)).toEqual([]);
    expect(await ev.snapshot()).toEqual(before);
  });

  it("queues a notification per Matrix subscriber: a DM, or for a bridged user the event's rooms", async () => {
    const ev = await fixtureEvent(store().db);
    const kim: Actor = { id: "@irc_kim:example.org", nick: "kim", powerLevel: 0 };
    await ev.ok("+subscribe swift", { actor: alice });
    await ev.ok("+subscribe swift", { actor: kim });
    const console: Destination = { kind: "console", session: "s1", nick: "admin" };
    const execution = await run(
      ev,
      { kind: "track.now", track: "swift", topic: "keynote" },
      { replyTo: console },
    );
    const text = "now in #swift (Ballroom C): keynote";
    expect(await rowsOf(ev, execution)).toEqual([
      textTo({ kind: "matrix.dm", userId: alice.id }, text),
      textTo({ kind: "matrix.bridged", userId: kim.id, eventSlug: ev.slug, near: ROOM }, text),
    ]);
  });

  it("queues the widget install for the source's room", async () => {
    const ev = await fixtureEvent(store().db);
    const execution = await run(ev, { kind: "admin.widget" });
    expect(await rowsOf(ev, execution)).toEqual([
      [replyTo, { kind: "install-widget", eventSlug: ev.slug }],
    ]);
  });

  it("queues nothing when a command fails, and nothing twice for a command seen before", async () => {
    const ev = await fixtureEvent(store().db);
    await ev.ok("+subscribe swift", { actor: alice });
    const commandId = newMessageId();
    const source = {
      commandId,
      eventSlug: ev.slug,
      chatRoomId: ROOM,
      replyTo,
      now: MONDAY,
    };
    const options = { helpUrl: HELP_URL, onError: () => undefined };
    const op: Operation = { kind: "track.next", track: "swift", topic: "once" };
    const first = await execute(ev.db, op, mod, source, options);
    const second = await execute(ev.db, op, mod, source, options);
    expect(second).toMatchObject({ status: "duplicate", logId: first.logId });
    const { n } = await ev.db
      .selectFrom("outbox")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("command_id", "=", first.logId)
      .executeTakeFirstOrThrow();
    expect(n).toBe(1);
  });
});
