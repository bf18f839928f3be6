// Loads a checked PTGbot document into an event, with PTGbot's semantics: each key present in
// the document replaces the event's current value for it; absent keys keep theirs. Runs in
// the caller's transaction (which should hold lockEvent) and neither commits nor bumps the
// version. Everything that can be refused is checked before the first write; a database
// error after that aborts the caller's transaction, so the import is all or nothing.
import { sql, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { PTGBOT_KEYS, PTGBOT_LIMITS, ROOM_FIELDS, type PtgbotDocument } from "./format.js";
import { PtgbotImportError, parseCheckInTime, parseRealtime } from "./validate.js";

export interface ImportSummary {
  /** The document's keys that were applied, in the format's order (`eventid` never is). */
  applied: (keyof PtgbotDocument)[];
  /** Tracks created because the document named them. */
  addedTracks: string[];
  /** Tracks deleted because `tracks` did not list them (and nothing else kept them). */
  removedTracks: string[];
  /** The document's `eventid` when it differs from the event's slug (the slug is kept). */
  otherEventId: string | null;
  /** Totals after the import. */
  tracks: number;
  rooms: number;
  slots: number;
  /** Booked (room, slot) pairs. */
  bookings: number;
}

type Trx = Transaction<Database>;

/** Rows per INSERT, so that a statement stays well under PostgreSQL's 65,535 parameters. */
const CHUNK = 5000;

function chunks<T>(rows: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) result.push(rows.slice(i, i + CHUNK));
  return result;
}

const isRoomField = (key: string): boolean => (ROOM_FIELDS as readonly string[]).includes(key);

/** The person_key of someone known only by nick (imported check-ins and subscriptions). */
export const nickPersonKey = (nick: string): string => `nick:${nick.toLowerCase()}`;

const TRACK_MAPS = ["now", "next", "etherpads", "urls", "colors", "location"] as const;

/** Slot code → id, for slots the event will have once `doc.slots` (if any) is applied. */
async function currentSlots(trx: Trx, eventId: number): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom("slots")
    .select(["id", "code"])
    .where("event_id", "=", eventId)
    .execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Tracks booked in the event's current schedule, in slots that survive the import. */
async function bookedTracks(trx: Trx, eventId: number, keptSlots: Set<string> | null) {
  const rows = await trx
    .selectFrom("bookings")
    .innerJoin("rooms", "rooms.id", "bookings.room_id")
    .innerJoin("slots", "slots.id", "bookings.slot_id")
    .innerJoin("tracks", "tracks.id", "bookings.track_id")
    .select(["tracks.name", "slots.code"])
    .where("rooms.event_id", "=", eventId)
    .execute();
  return rows.filter((r) => keptSlots === null || keptSlots.has(r.code)).map((r) => r.name);
}

/** Every track the document names outside `tracks`. */
function namedTracks(doc: PtgbotDocument): string[] {
  const names = TRACK_MAPS.flatMap((key) => Object.keys(doc[key] ?? {}));
  for (const room of Object.values(doc.schedule ?? {})) {
    for (const [key, track] of Object.entries(room)) {
      if (!isRoomField(key) && track !== "") names.push(track);
    }
  }
  return names;
}

/** Checks the document against the event and returns the event's track list after import. */
async function plan(trx: Trx, eventId: number, doc: PtgbotDocument) {
  const existing = await trx
    .selectFrom("tracks")
    .select(["id", "name"])
    .where("event_id", "=", eventId)
    .execute();
  const slots = doc.slots === undefined ? await currentSlots(trx, eventId) : null;
  if (doc.schedule !== undefined && slots !== null) {
    for (const [room, offers] of Object.entries(doc.schedule)) {
      for (const code of Object.keys(offers)) {
        if (!isRoomField(code) && !slots.has(code)) {
          throw new PtgbotImportError(
            `schedule[${JSON.stringify(room)}].${code} is not a slot of the event ` +
              `(the document has no "slots")`,
          );
        }
      }
    }
  }
  const keptSlots =
    doc.slots === undefined
      ? null
      : new Set(Object.values(doc.slots).flatMap((day) => day.map((s) => s.name)));
  const fromSchedule =
    doc.schedule === undefined ? await bookedTracks(trx, eventId, keptSlots) : [];
  const final = new Set([
    ...(doc.tracks ?? existing.map((t) => t.name)),
    ...fromSchedule,
    ...namedTracks(doc),
  ]);
  if (final.size > PTGBOT_LIMITS.tracks) {
    throw new PtgbotImportError(
      `the event would have ${final.size} tracks (at most ${PTGBOT_LIMITS.tracks})`,
    );
  }
  return { existing, final, slots };
}

async function applyTracks(
  trx: Trx,
  eventId: number,
  existing: { id: number; name: string }[],
  final: Set<string>,
) {
  const removed = existing.filter((t) => !final.has(t.name));
  if (removed.length > 0) {
    await trx
      .deleteFrom("tracks")
      .where(
        "id",
        "in",
        removed.map((t) => t.id),
      )
      .execute();
  }
  const known = new Set(existing.map((t) => t.name));
  const added = [...final].filter((name) => !known.has(name)).sort();
  if (added.length > 0) {
    await trx
      .insertInto("tracks")
      .values(added.map((name) => ({ event_id: eventId, name })))
      .execute();
  }
  const rows = await trx
    .selectFrom("tracks")
    .select(["id", "name"])
    .where("event_id", "=", eventId)
    .execute();
  return {
    ids: new Map(rows.map((r) => [r.name, r.id])),
    added,
    removed: removed.map((t) => t.name).sort(),
  };
}

async function applySlots(
  trx: Trx,
  eventId: number,
  days: NonNullable<PtgbotDocument["slots"]>,
): Promise<Map<string, number>> {
  const rows = Object.entries(days).flatMap(([day, slots], dayPosition) =>
    slots.map((slot, position) => ({
      event_id: eventId,
      day,
      day_position: dayPosition,
      position,
      code: slot.name,
      label: slot.desc,
      starts_at:
        slot.realtime === undefined ? null : (parseRealtime(slot.realtime)?.toISOString() ?? null),
    })),
  );
  // Slots that stay keep their row (and so their bookings and duration); others go.
  let gone = trx.deleteFrom("slots").where("event_id", "=", eventId);
  if (rows.length > 0)
    gone = gone.where(
      "code",
      "not in",
      rows.map((r) => r.code),
    );
  await gone.execute();
  if (rows.length === 0) return new Map();
  const saved = await trx
    .insertInto("slots")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["event_id", "code"]).doUpdateSet((eb) => ({
        day: eb.ref("excluded.day"),
        day_position: eb.ref("excluded.day_position"),
        position: eb.ref("excluded.position"),
        label: eb.ref("excluded.label"),
        starts_at: eb.ref("excluded.starts_at"),
      })),
    )
    .returning(["id", "code"])
    .execute();
  return new Map(saved.map((r) => [r.code, r.id]));
}

async function applySchedule(
  trx: Trx,
  eventId: number,
  schedule: NonNullable<PtgbotDocument["schedule"]>,
  slotIds: Map<string, number>,
  trackIds: Map<string, number>,
) {
  await trx.deleteFrom("rooms").where("event_id", "=", eventId).execute();
  const rooms = Object.entries(schedule);
  if (rooms.length === 0) return;
  const saved = await trx
    .insertInto("rooms")
    .values(
      rooms.map(([name, room], position) => ({
        event_id: eventId,
        name,
        position,
        description: room.desc ?? null,
        capability_icon: room.cap_icon ?? null,
        capability_description: room.cap_desc ?? null,
        meeting_url: room.url ?? null,
      })),
    )
    .returning(["id", "name"])
    .execute();
  const roomIds = new Map(saved.map((r) => [r.name, r.id]));
  const bookings = rooms.flatMap(([name, room]) =>
    Object.entries(room)
      .filter(([key]) => !isRoomField(key))
      .map(([code, track]) => ({
        room_id: lookup(roomIds, name, "room"),
        slot_id: lookup(slotIds, code, "slot"),
        track_id: track === "" ? null : lookup(trackIds, track, "track"),
      })),
  );
  for (const chunk of chunks(bookings)) await trx.insertInto("bookings").values(chunk).execute();
}

function lookup(ids: Map<string, number>, key: string, what: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new PtgbotImportError(`unknown ${what} ${JSON.stringify(key)}`);
  return id;
}

const TRACK_COLUMNS = {
  etherpads: "etherpad",
  urls: "url",
  colors: "color",
  location: "location",
} as const;

/** Sets one column of every track of the event from a track → value map (absent: null). */
async function applyTrackColumn(
  trx: Trx,
  eventId: number,
  key: keyof typeof TRACK_COLUMNS,
  values: Record<string, string>,
) {
  const json = JSON.stringify(values);
  await trx
    .updateTable("tracks")
    .set(TRACK_COLUMNS[key], sql<string | null>`cast(${json} as jsonb) ->> tracks.name`)
    .where("event_id", "=", eventId)
    .execute();
}

async function applyTopics(
  trx: Trx,
  eventId: number,
  doc: PtgbotDocument,
  trackIds: Map<string, number>,
) {
  const eventTracks = trx.selectFrom("tracks").select("id").where("event_id", "=", eventId);
  if (doc.now !== undefined) {
    await trx.deleteFrom("now_topics").where("track_id", "in", eventTracks).execute();
    const rows = Object.entries(doc.now).map(([track, topic]) => ({
      track_id: lookup(trackIds, track, "track"),
      topic,
    }));
    if (rows.length > 0) await trx.insertInto("now_topics").values(rows).execute();
  }
  if (doc.next !== undefined) {
    await trx.deleteFrom("next_topics").where("track_id", "in", eventTracks).execute();
    const rows = Object.entries(doc.next).flatMap(([track, topics]) =>
      topics.map((topic, position) => ({
        track_id: lookup(trackIds, track, "track"),
        position,
        topic,
      })),
    );
    for (const chunk of chunks(rows)) await trx.insertInto("next_topics").values(chunk).execute();
  }
}

async function applyEventLists(trx: Trx, eventId: number, doc: PtgbotDocument) {
  if (doc.voice !== undefined) {
    const voice_required = doc.voice === 1;
    await trx
      .insertInto("event_settings")
      .values({ event_id: eventId, voice_required })
      .onConflict((oc) => oc.column("event_id").doUpdateSet({ voice_required }))
      .execute();
  }
  if (doc.motd !== undefined) {
    await trx.deleteFrom("banners").where("event_id", "=", eventId).execute();
    const rows = doc.motd.map((b, position) => ({ event_id: eventId, position, ...b }));
    if (rows.length > 0) await trx.insertInto("banners").values(rows).execute();
  }
  if (doc.links !== undefined) {
    await trx.deleteFrom("links").where("event_id", "=", eventId).execute();
    const rows = Object.entries(doc.links).map(([label, url], position) => ({
      event_id: eventId,
      position,
      label,
      url,
    }));
    if (rows.length > 0) await trx.insertInto("links").values(rows).execute();
  }
}

/** The instant of a check-in time the validator accepted, as an ISO string. */
function checkInInstant(value: string): string {
  const date = parseCheckInTime(value);
  if (date === null) throw new PtgbotImportError(`invalid check-in time ${JSON.stringify(value)}`);
  return date.toISOString();
}

async function applyPeople(trx: Trx, eventId: number, doc: PtgbotDocument) {
  if (doc.last_check_in !== undefined) {
    await trx.deleteFrom("check_ins").where("event_id", "=", eventId).execute();
    const rows = Object.values(doc.last_check_in).map((c) => ({
      event_id: eventId,
      person_key: nickPersonKey(c.nick),
      nick: c.nick,
      location: c.location,
      checked_in_at: checkInInstant(c.in),
      checked_out_at: c.out === null ? null : checkInInstant(c.out),
    }));
    for (const chunk of chunks(rows)) await trx.insertInto("check_ins").values(chunk).execute();
  }
  if (doc.subscriptions !== undefined) {
    await trx.deleteFrom("subscriptions").where("event_id", "=", eventId).execute();
    const rows = Object.entries(doc.subscriptions).map(([nick, pattern]) => ({
      event_id: eventId,
      person_key: nickPersonKey(nick),
      nick,
      pattern,
    }));
    for (const chunk of chunks(rows)) {
      await trx.insertInto("subscriptions").values(chunk).execute();
    }
  }
}

async function totals(trx: Trx, eventId: number) {
  const count = sql<number>`count(*)::int`.as("n");
  const tracks = await trx
    .selectFrom("tracks")
    .select(count)
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  const rooms = await trx
    .selectFrom("rooms")
    .select(count)
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  const slots = await trx
    .selectFrom("slots")
    .select(count)
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  const bookings = await trx
    .selectFrom("bookings")
    .innerJoin("rooms", "rooms.id", "bookings.room_id")
    .select(count)
    .where("rooms.event_id", "=", eventId)
    .where("bookings.track_id", "is not", null)
    .executeTakeFirstOrThrow();
  return { tracks: tracks.n, rooms: rooms.n, slots: slots.n, bookings: bookings.n };
}

/**
 * Applies a document (from parsePtgbotDocument) to the event, inside the caller's transaction.
 * Throws PtgbotImportError when the document does not fit the event (e.g. a schedule naming
 * slots the event lacks, when the document has no `slots`); the caller then rolls back.
 */
export async function importPtgbot(
  trx: Transaction<Database>,
  eventId: number,
  doc: PtgbotDocument,
): Promise<ImportSummary> {
  const event = await trx
    .selectFrom("events")
    .select("slug")
    .where("id", "=", eventId)
    .executeTakeFirst();
  if (event === undefined) throw new Error(`importPtgbot: there is no event with id ${eventId}`);
  const { existing, final, slots } = await plan(trx, eventId, doc);

  const tracks = await applyTracks(trx, eventId, existing, final);
  const slotIds = doc.slots === undefined ? slots : await applySlots(trx, eventId, doc.slots);
  if (doc.schedule !== undefined) {
    await applySchedule(
      trx,
      eventId,
      doc.schedule,
      slotIds ?? new Map<string, number>(),
      tracks.ids,
    );
  }
  for (const key of ["etherpads", "urls", "colors", "location"] as const) {
    const values = doc[key];
    if (values !== undefined) await applyTrackColumn(trx, eventId, key, values);
  }
  await applyTopics(trx, eventId, doc, tracks.ids);
  await applyEventLists(trx, eventId, doc);
  await applyPeople(trx, eventId, doc);

  const applied = PTGBOT_KEYS.filter((key) => key !== "eventid" && doc[key] !== undefined);
  return {
    applied,
    addedTracks: tracks.added,
    removedTracks: tracks.removed,
    otherEventId: doc.eventid !== undefined && doc.eventid !== event.slug ? doc.eventid : null,
    ...(await totals(trx, eventId)),
  };
}
