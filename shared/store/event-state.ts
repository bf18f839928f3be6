// The read model: one event's whole state, as the API serves it.
import type { Kysely } from "kysely";
import type {
  Banner,
  CheckedInPerson,
  DayState,
  EventLink,
  EventState,
  RoomState,
  TalkState,
  TrackState,
} from "../api/event-state.js";
import { compareTrackNames } from "../api/state-change.js";
import type { Database } from "../db/schema.js";
import { slotTimes } from "../domain/slot-times.js";
import { parseIrcChannel } from "../domain/venue-time.js";
import { eventBookings } from "./bookings.js";
import { findEvent, type ChangePart, type ChangeScope, type Queryable } from "./events.js";
import { publicLeadNames } from "./leads.js";
import { publicMatrixRooms } from "./public-rooms.js";
import { publicTrackRooms } from "./public-track-rooms.js";

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export function generatedEtherpad(etherpadBase: string, slug: string, track: string): string {
  return `${etherpadBase}/${slug}-${track}`;
}

/** Reads an event's state from one consistent snapshot, so that its version matches its content. */
export async function loadEventState(
  db: Kysely<Database>,
  slug: string,
): Promise<EventState | undefined> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute((trx) => readEventState(trx, slug));
}

type EventRow = NonNullable<Awaited<ReturnType<typeof findEvent>>>;

/** The fields read from the event's own row. */
export type EventHead = Pick<
  EventState,
  | "slug"
  | "name"
  | "timeZone"
  | "firstDay"
  | "ircChannel"
  | "version"
  | "updatedAt"
  | "etherpadBase"
  | "privateLinks"
>;

/** The parts of the state that a change replaces whole (all but the head and the tracks). */
export type WholeParts = Pick<
  EventState,
  | "voiceRequired"
  | "leadsRequired"
  | "banners"
  | "links"
  | "days"
  | "rooms"
  | "matrixRooms"
  | "trackRooms"
  | "powerChangedAt"
>;

/** What a scoped read found: the head, the parts asked for, the tracks asked for. */
export interface EventPatch {
  head: EventHead;
  set: Partial<WholeParts>;
  /** Each track asked for, by name: its state, or null when it does not exist. */
  tracks: Map<string, TrackState | null>;
  /** With the "people" part: who is checked in, by track name (tracks nobody is in are absent). */
  checkedIn?: Map<string, CheckedInPerson[]>;
}

const PART_FIELDS: Record<ChangePart, readonly (keyof WholeParts)[]> = {
  settings: ["voiceRequired", "leadsRequired"],
  banners: ["banners"],
  links: ["links"],
  schedule: ["days"],
  rooms: ["rooms"],
  chatRooms: ["matrixRooms", "trackRooms"],
  power: ["powerChangedAt"],
  people: [],
};

/**
 * Reads the event's head and only what `scope` names, from one consistent snapshot: what a
 * listener needs to bring its copy of the state to the version read.
 */
export async function loadEventPatch(
  db: Kysely<Database>,
  slug: string,
  scope: ChangeScope,
): Promise<EventPatch | undefined> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      const event = await findEvent(trx, slug);
      if (event === undefined) return undefined;
      const parts = new Set(scope.parts ?? []);
      const names = [...new Set(scope.tracks ?? [])];
      const fields = [...parts].flatMap((p) => PART_FIELDS[p]);
      const [values, tracks, checkIns] = await Promise.all([
        Promise.all(fields.map((f) => readPart(trx, event, f))),
        names.length === 0 ? [] : readTracks(trx, event, names),
        parts.has("people") ? readCheckIns(trx, event.id) : undefined,
      ]);
      const set: Partial<WholeParts> = {};
      fields.forEach((field, i) => Object.assign(set, { [field]: values[i] }));
      const found = new Map<string, TrackState | null>(names.map((n) => [n, null]));
      for (const track of tracks) found.set(track.name, track);
      return {
        head: eventHead(event),
        set,
        tracks: found,
        checkedIn: checkIns === undefined ? undefined : groupCheckIns(checkIns),
      };
    });
}

async function readEventState(db: Queryable, slug: string): Promise<EventState | undefined> {
  const event = await findEvent(db, slug);
  if (event === undefined) return undefined;
  const [
    voiceRequired,
    leadsRequired,
    banners,
    links,
    tracks,
    days,
    rooms,
    matrixRooms,
    trackRooms,
    powerChangedAt,
    talks,
  ] = await Promise.all([
    readVoiceRequired(db, event.id),
    readLeadsRequired(db, event.id),
    readBanners(db, event.id),
    readLinks(db, event.id),
    readTracks(db, event),
    readDays(db, event),
    readRooms(db, event.id),
    readMatrixRooms(db, event.id),
    publicTrackRooms(db, event.id),
    readPowerChangedAt(db, event.id),
    readTalks(db, event.id),
  ]);
  return {
    ...eventHead(event),
    matrixRooms,
    trackRooms,
    voiceRequired,
    leadsRequired,
    powerChangedAt,
    banners,
    links,
    tracks,
    days,
    rooms,
    talks,
  };
}

/** The imported talks, by start (store/talks.ts), as the page shows them. */
async function readTalks(db: Queryable, eventId: number): Promise<TalkState[]> {
  const rows = await db
    .selectFrom("talks")
    .leftJoin("tracks", "tracks.id", "talks.track_id")
    .select([
      "talks.guid",
      "talks.title",
      "tracks.name as track",
      "talks.room",
      "talks.starts_at",
      "talks.duration_minutes",
      "talks.day",
      "talks.details",
    ])
    .where("talks.event_id", "=", eventId)
    .orderBy("talks.starts_at")
    .orderBy("talks.room")
    .orderBy("talks.guid")
    .execute();
  return rows.map((r) => ({
    guid: r.guid,
    title: r.title,
    track: r.track,
    room: r.room,
    startsAt: new Date(r.starts_at).toISOString(),
    durationMinutes: r.duration_minutes,
    day: r.day,
    persons: ((r.details as { persons?: { name: string }[] }).persons ?? []).map((p) => p.name),
  }));
}

function eventHead(event: EventRow): EventHead {
  return {
    slug: event.slug,
    name: event.name,
    timeZone: event.time_zone,
    firstDay: event.first_day,
    ircChannel: event.irc_channel === null ? null : parseIrcChannel(event.irc_channel),
    version: event.version,
    updatedAt: event.updated_at.toISOString(),
    etherpadBase: event.etherpad_base,
    privateLinks: event.private_links,
  };
}

function readPart(db: Queryable, event: EventRow, field: keyof WholeParts) {
  switch (field) {
    case "voiceRequired":
      return readVoiceRequired(db, event.id);
    case "leadsRequired":
      return readLeadsRequired(db, event.id);
    case "banners":
      return readBanners(db, event.id);
    case "links":
      return readLinks(db, event.id);
    case "days":
      return readDays(db, event);
    case "rooms":
      return readRooms(db, event.id);
    case "matrixRooms":
      return readMatrixRooms(db, event.id);
    case "trackRooms":
      return publicTrackRooms(db, event.id);
    case "powerChangedAt":
      return readPowerChangedAt(db, event.id);
  }
}

async function readVoiceRequired(db: Queryable, eventId: number): Promise<boolean> {
  const settings = await db
    .selectFrom("event_settings")
    .select("voice_required")
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return settings?.voice_required ?? false;
}

async function readLeadsRequired(db: Queryable, eventId: number): Promise<boolean> {
  const settings = await db
    .selectFrom("event_settings")
    .select("leads_required")
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return settings?.leads_required ?? false;
}

async function readBanners(db: Queryable, eventId: number): Promise<Banner[]> {
  const banners = await db
    .selectFrom("banners")
    .select(["level", "message"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .execute();
  return banners as Banner[];
}

async function readLinks(db: Queryable, eventId: number): Promise<EventLink[]> {
  return db
    .selectFrom("links")
    .select(["label", "url"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .execute();
}

/** Only public rooms (shared/store/public-rooms.ts): private rooms' ids are not published. */
const readMatrixRooms = publicMatrixRooms;

/** The last change of power the bot stored for any of the event's Matrix rooms. */
async function readPowerChangedAt(db: Queryable, eventId: number): Promise<string | null> {
  const row = await db
    .selectFrom("event_rooms")
    .innerJoin("matrix_room_power", "matrix_room_power.room_id", "event_rooms.chat_room_id")
    .select((eb) => eb.fn.max("matrix_room_power.updated_at").as("last"))
    .where("event_rooms.event_id", "=", eventId)
    .executeTakeFirst();
  const last: unknown = row?.last;
  if (last instanceof Date) return last.toISOString();
  return typeof last === "string" ? new Date(last).toISOString() : null;
}

interface CheckInRow {
  nick: string;
  location: string;
  checked_in_at: Date;
}

/** Who is checked in (not out), in check-in order; `locations`: only at these places. */
function readCheckIns(
  db: Queryable,
  eventId: number,
  locations?: readonly string[],
): Promise<CheckInRow[]> {
  let query = db
    .selectFrom("check_ins")
    .select(["nick", "location", "checked_in_at"])
    .where("event_id", "=", eventId)
    .where("checked_out_at", "is", null);
  if (locations !== undefined) query = query.where("location", "in", locations);
  return query.orderBy("checked_in_at").execute();
}

/** Check-ins by the name of the track they are at (places that are not tracks are left out). */
function groupCheckIns(rows: readonly CheckInRow[]): Map<string, CheckedInPerson[]> {
  const byTrack = new Map<string, CheckedInPerson[]>();
  for (const c of rows) {
    if (!c.location.startsWith("#")) continue;
    const name = c.location.slice(1);
    let list = byTrack.get(name);
    if (list === undefined) byTrack.set(name, (list = []));
    list.push({ nick: c.nick, since: c.checked_in_at.toISOString() });
  }
  return byTrack;
}

/** The event's tracks (sorted by name), or only those named. */
async function readTracks(
  db: Queryable,
  event: EventRow,
  names?: readonly string[],
): Promise<TrackState[]> {
  let query = db.selectFrom("tracks").selectAll().where("event_id", "=", event.id);
  if (names !== undefined) query = query.where("name", "in", names);
  const tracks = await query.execute();
  // In the order the stream's changes keep (not the database's collation).
  tracks.sort((a, b) => compareTrackNames(a.name, b.name));
  if (names !== undefined && tracks.length === 0) return [];
  const ids = tracks.map((t) => t.id);
  let nowQuery = db
    .selectFrom("now_topics")
    .innerJoin("tracks", "tracks.id", "now_topics.track_id")
    .select(["now_topics.track_id", "topic", "set_at"])
    .where("tracks.event_id", "=", event.id);
  let nextQuery = db
    .selectFrom("next_topics")
    .innerJoin("tracks", "tracks.id", "next_topics.track_id")
    .select(["next_topics.track_id", "topic"])
    .where("tracks.event_id", "=", event.id);
  if (names !== undefined) {
    nowQuery = nowQuery.where("now_topics.track_id", "in", ids);
    nextQuery = nextQuery.where("next_topics.track_id", "in", ids);
  }
  const [nowTopics, nextTopics, checkIns, leads] = await Promise.all([
    nowQuery.execute(),
    nextQuery.orderBy("next_topics.track_id").orderBy("position").execute(),
    readCheckIns(db, event.id, names === undefined ? undefined : tracks.map((t) => `#${t.name}`)),
    publicLeadNames(db, event.id, ids),
  ]);
  const nowByTrack = new Map(nowTopics.map((n) => [n.track_id, n]));
  const nextByTrack = new Map<number, string[]>();
  for (const n of nextTopics) {
    let list = nextByTrack.get(n.track_id);
    if (list === undefined) nextByTrack.set(n.track_id, (list = []));
    list.push(n.topic);
  }
  const checkedIn = groupCheckIns(checkIns);
  return tracks.map((t) => {
    const current = nowByTrack.get(t.id);
    return {
      name: t.name,
      color: t.color,
      etherpad: t.etherpad ?? generatedEtherpad(event.etherpad_base, event.slug, t.name),
      etherpadCustom: t.etherpad !== null,
      url: t.url,
      location: t.location,
      now: current ? { topic: current.topic, since: current.set_at.toISOString() } : null,
      next: nextByTrack.get(t.id) ?? [],
      checkedIn: checkedIn.get(t.name) ?? [],
      ...(leads.has(t.id) ? { leads: leads.get(t.id) } : {}),
    };
  });
}

async function readDays(db: Queryable, event: EventRow): Promise<DayState[]> {
  const slots = await db
    .selectFrom("slots")
    .selectAll()
    .where("event_id", "=", event.id)
    .orderBy("day_position")
    .orderBy("position")
    .execute();
  const days: DayState[] = [];
  for (const s of slots) {
    let day = days.at(-1);
    if (day?.name !== s.day) {
      day = { name: s.day, slots: [] };
      days.push(day);
    }
    day.slots.push({
      code: s.code,
      label: s.label,
      startsAt: iso(s.starts_at),
      durationMinutes: s.duration_minutes,
    });
  }
  const venue =
    event.time_zone !== null && event.first_day !== null
      ? { timeZone: event.time_zone, firstDay: event.first_day }
      : null;
  const times = slotTimes(days, venue);
  days.forEach((day, d) => {
    day.slots.forEach((slot, i) => {
      const time = times[d]?.[i];
      if (time !== undefined) Object.assign(slot, time);
    });
  });
  return days;
}

async function readRooms(db: Queryable, eventId: number): Promise<RoomState[]> {
  const [rooms, bookings] = await Promise.all([
    db
      .selectFrom("rooms")
      .selectAll()
      .where("event_id", "=", eventId)
      .orderBy("position")
      .execute(),
    eventBookings(db, eventId),
  ]);
  const byRoom = new Map<number, [string, string | null][]>();
  for (const b of bookings) {
    let list = byRoom.get(b.room_id);
    if (list === undefined) byRoom.set(b.room_id, (list = []));
    list.push([b.code, b.track]);
  }
  return rooms.map((r) => ({
    name: r.name,
    description: r.description,
    capabilityIcon: r.capability_icon,
    capabilityDescription: r.capability_description,
    url: r.meeting_url,
    bookings: Object.fromEntries(byRoom.get(r.id) ?? []),
  }));
}
