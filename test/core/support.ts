// Helpers for the command-core tests: a shared store per describe block (useStore), a fresh event per test,
// running chat messages through runCommand, and snapshots to prove a refused command changed
// nothing.
import { Kysely, sql } from "kysely";
import { beforeAll, expect } from "vitest";
import type { EventState, TrackState } from "../../shared/api/event-state.js";
import { runCommand } from "../../shared/commands/execute.js";
import type { Decision, Outcome } from "../../shared/operations/execute.js";
import type { Venue } from "../../shared/commands/parse.js";
import type { Actor } from "../../shared/operations/context.js";
import type { Database } from "../../shared/db/schema.js";
import { exportPtgbot } from "../../shared/ptgbot/export.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { loadEventState } from "../../shared/store/event-state.js";
import { ensureEvent, findEvent } from "../../shared/store/events.js";
import { readDenver } from "../support/denver.js";
export { useStore } from "../support/stores.js";

export const HELP_URL = "https://ptg.example.org/help";

/** The real PTGbot database of the Denver PTG (days Monday–Friday). */
export const FIXTURE = readDenver() as {
  tracks: string[];
  schedule: Record<string, Record<string, string>>;
};

// Days of the week in the process's time zone (dayName uses it): noon local time, 8–13 April 2024.
const day = (date: number, hour = 12, minute = 0): Date => new Date(2024, 3, date, hour, minute);
export const MONDAY = day(8);
export const TUESDAY = day(9);
export const WEDNESDAY = day(10);
export const FRIDAY = day(12);
export const SATURDAY = day(13);
/** A time on Monday (local). */
export const mondayAt = (hour: number, minute = 0): Date => day(8, hour, minute);

export const mod: Actor = { id: "@mod:example.org", nick: "mod", powerLevel: 100 };
export const alice: Actor = { id: "@alice:example.org", nick: "Alice", powerLevel: 0 };
export const bob: Actor = { id: "@bob:example.org", nick: "bob", powerLevel: 0 };
/** Someone whose nick differs from their Matrix localpart. */
export const johndoe: Actor = { id: "@jdoe:example.org", nick: "JohnDoe", powerLevel: 0 };
export const voiced: Actor = { id: "@voiced:example.org", nick: "voiced", powerLevel: 1 };
export const op: Actor = { id: "@op:irc.example.org", nick: "op", powerLevel: 50 };

let counter = 0;
/** A message id no other test uses. */
export const newMessageId = (): string => `$msg-${process.pid}-${++counter}`;
/** An event slug no other test uses. */
export const newSlug = (): string => `ev-${process.pid}-${++counter}`;

export interface RunOptions {
  actor?: Actor;
  now?: Date;
  venue?: Venue;
  chatRoomId?: string | null;
  messageId?: string;
  /** ~fetchdb from the tests' loopback web server needs it: true unless a test says otherwise. */
  allowPrivateFetch?: boolean;
  /** PTG_JITSI_URL for `#TRACK url jitsi` (default: none configured). */
  jitsiUrl?: string;
}

export type Done = Extract<Outcome, { status: "done" }>;

/** Everything about the store that a command could change (except the command log). */
export interface Snapshot {
  version: number;
  exported: unknown;
  tables: Record<string, string[]>;
}

/** How to select one event's rows of each table (`$1` is the event id). */
const TABLES: Record<string, string> = {
  events: "select * from events t where id = $1",
  event_settings: "select * from event_settings t where event_id = $1",
  event_rooms: "select * from event_rooms t",
  tracks: "select * from tracks t where event_id = $1",
  rooms: "select * from rooms t where event_id = $1",
  slots: "select * from slots t where event_id = $1",
  bookings: "select t.* from bookings t join rooms r on r.id = t.room_id where r.event_id = $1",
  now_topics:
    "select t.* from now_topics t join tracks k on k.id = t.track_id where k.event_id = $1",
  next_topics:
    "select t.* from next_topics t join tracks k on k.id = t.track_id where k.event_id = $1",
  banners: "select * from banners t where event_id = $1",
  links: "select * from links t where event_id = $1",
  check_ins: "select * from check_ins t where event_id = $1",
  subscriptions: "select * from subscriptions t where event_id = $1",
  follows: "select * from follows t where event_id = $1",
  track_leads: "select * from track_leads t where event_id = $1",
  lead_requests: "select * from lead_requests t where event_id = $1",
};

/** An event in a test store, and the ways to talk to it. */
export class TestEvent {
  constructor(
    readonly db: Kysely<Database>,
    readonly slug: string,
    readonly chatRoomId = `!room-${slug}:example.org`,
  ) {}

  /** Runs one chat message as `runCommand` would get it from the Matrix adapter. */
  run(text: string, options: RunOptions = {}): Promise<Outcome> {
    return runCommand(
      this.db,
      {
        messageId: options.messageId ?? newMessageId(),
        eventSlug: this.slug,
        chatRoomId: options.chatRoomId === undefined ? this.chatRoomId : options.chatRoomId,
        venue: options.venue ?? "event-room",
        actor: options.actor ?? mod,
        text,
        now: options.now ?? MONDAY,
      },
      {
        helpUrl: HELP_URL,
        allowPrivateFetch: options.allowPrivateFetch ?? true,
        jitsiUrl: options.jitsiUrl ?? null,
      },
    );
  }

  /** Runs a command that must succeed; returns its decision. */
  async ok(text: string, options: RunOptions = {}): Promise<Done> {
    const outcome = await this.run(text, options);
    expect(outcome, text).toMatchObject({ status: "done", result: "ok" });
    return outcome as Done;
  }

  /** The reply to a command that must succeed. */
  async reply(text: string, options: RunOptions = {}): Promise<string> {
    return (await this.ok(text, options)).reply;
  }

  /**
   * Runs a command that must be refused, checks that it changed nothing at all (the PTGbot
   * export, every table, the version), and returns the reply.
   */
  async refused(text: string, options: RunOptions = {}): Promise<string> {
    const before = await this.snapshot();
    const outcome = await this.run(text, options);
    expect(outcome, text).toMatchObject({ status: "done", result: "refused", version: null });
    expect(await this.snapshot(), `state after ${JSON.stringify(text)}`).toEqual(before);
    return (outcome as Decision).reply;
  }

  async state(): Promise<EventState> {
    const state = await loadEventState(this.db, this.slug);
    if (state === undefined) throw new Error(`no event ${this.slug}`);
    return state;
  }

  async track(name: string): Promise<TrackState> {
    const track = (await this.state()).tracks.find((t) => t.name === name);
    if (track === undefined) throw new Error(`no track ${name} in ${this.slug}`);
    return track;
  }

  /** Booked track of a room's slot (null = available, undefined = the room does not offer it). */
  async booking(room: string, slot: string): Promise<string | null | undefined> {
    return (await this.state()).rooms.find((r) => r.name === room)?.bookings[slot];
  }

  async version(): Promise<number> {
    return (await this.state()).version;
  }

  async id(): Promise<number> {
    const event = await findEvent(this.db, this.slug);
    if (event === undefined) throw new Error(`no event ${this.slug}`);
    return event.id;
  }

  async exported() {
    return exportPtgbot(this.db, await this.id());
  }

  async snapshot(): Promise<Snapshot> {
    const id = await this.id();
    const tables: Record<string, string[]> = {};
    for (const [table, query] of Object.entries(TABLES)) {
      const rowsQuery = query.replace("$1", String(id));
      const { rows } = await sql<{ r: string }>`select row_to_json(t)::text as r from (${sql.raw(
        rowsQuery,
      )}) t order by 1`.execute(this.db);
      tables[table] = rows.map((row) => row.r);
    }
    return { version: await this.version(), exported: await this.exported(), tables };
  }
}

/**
 * One event for a block of tests that are all refused (so none changes it, which each checks):
 * created once, before them.
 */
export function sharedEvent(create: () => Promise<TestEvent>): () => TestEvent {
  let event: TestEvent | undefined;
  beforeAll(async () => {
    event = await create();
  });
  return () => {
    if (event === undefined) throw new Error("the shared event was not created");
    return event;
  };
}

/** A new event holding the real Denver PTG schedule (44 tracks, 23 rooms, Monday–Friday). */
export async function fixtureEvent(db: Kysely<Database>): Promise<TestEvent> {
  const slug = newSlug();
  await importIntoEvent(db, slug, { ...FIXTURE, eventid: slug });
  return new TestEvent(db, slug);
}

/** A new event with these tracks and no schedule. */
export async function plainEvent(db: Kysely<Database>, tracks: string[] = []): Promise<TestEvent> {
  const event = new TestEvent(db, newSlug());
  await ensureEvent(db, event.slug);
  if (tracks.length > 0) await event.ok(`~add ${tracks.join(" ")}`);
  return event;
}
