// An event as a PTGbot document, with every key of the format, so that existing PTGbot
// pages and tools keep working. The HTTP layer may add PTGbot's `timestamp`; this does not.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { formatTimestamp } from "../domain/timestamp.js";
import { eventBookings } from "../store/bookings.js";
import { eventLeads } from "../store/leads.js";
import type {
  CompletePtgbotDocument,
  PtgbotBanner,
  PtgbotCheckIn,
  PtgbotRoom,
  PtgbotSlot,
} from "./format.js";

type Db = Kysely<Database> | Transaction<Database>;

/** A slot's real start as ISO 8601 in UTC, without milliseconds when they are zero. */
function formatRealtime(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

/** Groups `[key, value]` pairs into key → values, keys in first-seen order. */
function group<T>(pairs: [string, T][]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const [key, value] of pairs) {
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [value]);
    else list.push(value);
  }
  return groups;
}

async function exportTracks(db: Db, eventId: number) {
  const tracks = await db
    .selectFrom("tracks")
    .select(["name", "color", "etherpad", "url", "location"])
    .where("event_id", "=", eventId)
    .execute();
  // Sorted here, not by the database, whose collation may ignore punctuation.
  tracks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const column = (pick: (t: (typeof tracks)[number]) => string | null) =>
    Object.fromEntries(
      tracks.flatMap((t) => {
        const value = pick(t);
        return value === null ? [] : [[t.name, value]];
      }),
    );
  const now = await db
    .selectFrom("now_topics")
    .innerJoin("tracks", "tracks.id", "now_topics.track_id")
    .select(["tracks.name", "now_topics.topic"])
    .where("tracks.event_id", "=", eventId)
    .execute();
  const next = await db
    .selectFrom("next_topics")
    .innerJoin("tracks", "tracks.id", "next_topics.track_id")
    .select(["tracks.name", "next_topics.topic"])
    .where("tracks.event_id", "=", eventId)
    .orderBy("tracks.name")
    .orderBy("next_topics.position")
    .execute();
  return {
    tracks: tracks.map((t) => t.name),
    now: Object.fromEntries(now.map((r) => [r.name, r.topic])),
    next: Object.fromEntries(group(next.map((r) => [r.name, r.topic]))),
    etherpads: column((t) => t.etherpad),
    urls: column((t) => t.url),
    colors: column((t) => t.color),
    location: column((t) => t.location),
  };
}

async function exportSchedule(db: Db, eventId: number) {
  const slots = await db
    .selectFrom("slots")
    .select(["day", "code", "label", "starts_at"])
    .where("event_id", "=", eventId)
    .orderBy("day_position")
    .orderBy("position")
    .orderBy("id")
    .execute();
  const days = group(
    slots.map((s): [string, PtgbotSlot] => [
      s.day,
      {
        name: s.code,
        desc: s.label,
        ...(s.starts_at === null ? {} : { realtime: formatRealtime(new Date(s.starts_at)) }),
      },
    ]),
  );
  const rooms = await db
    .selectFrom("rooms")
    .select([
      "id",
      "name",
      "description",
      "capability_icon",
      "capability_description",
      "meeting_url",
    ])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const bookings = await eventBookings(db, eventId);
  const offers = group(
    bookings.map((b): [string, [string, string]] => [String(b.room_id), [b.code, b.track ?? ""]]),
  );
  const schedule = rooms.map((room): [string, PtgbotRoom] => {
    const fields: [string, string | null][] = [
      ["desc", room.description],
      ["cap_icon", room.capability_icon],
      ["cap_desc", room.capability_description],
      ["url", room.meeting_url],
    ];
    return [
      room.name,
      Object.fromEntries([
        ...fields.filter((f): f is [string, string] => f[1] !== null),
        ...(offers.get(String(room.id)) ?? []),
      ]),
    ];
  });
  return { slots: Object.fromEntries(days), schedule: Object.fromEntries(schedule) };
}

async function exportPeople(db: Db, eventId: number, withSubscriptions: boolean) {
  // Oldest first, so that when two people share a nick the latest check-in wins.
  const checkIns = await db
    .selectFrom("check_ins")
    .select(["nick", "location", "checked_in_at", "checked_out_at"])
    .where("event_id", "=", eventId)
    .orderBy("checked_in_at")
    .orderBy("person_key")
    .execute();
  const subscriptions = withSubscriptions
    ? await db
        .selectFrom("subscriptions")
        .select(["nick", "pattern"])
        .where("event_id", "=", eventId)
        .orderBy("person_key")
        .execute()
    : [];
  return {
    last_check_in: Object.fromEntries(
      checkIns.map((c): [string, PtgbotCheckIn] => [
        c.nick.toLowerCase(),
        {
          nick: c.nick,
          location: c.location,
          in: formatTimestamp(new Date(c.checked_in_at)),
          out: c.checked_out_at === null ? null : formatTimestamp(new Date(c.checked_out_at)),
        },
      ]),
    ),
    // PTGbot keys people by nick: when two share one (in any case), the last by person key is
    // kept, as for check-ins, so that the export imports back.
    subscriptions: Object.fromEntries(
      [...new Map(subscriptions.map((s) => [s.nick.toLowerCase(), s])).values()].map((s) => [
        s.nick,
        s.pattern,
      ]),
    ),
  };
}

async function exportEvent(db: Db, eventId: number) {
  const event = await db
    .selectFrom("events")
    .leftJoin("event_settings", "event_settings.event_id", "events.id")
    .select(["events.slug", "event_settings.voice_required"])
    .where("events.id", "=", eventId)
    .executeTakeFirst();
  if (event === undefined) throw new Error(`exportPtgbot: there is no event with id ${eventId}`);
  const links = await db
    .selectFrom("links")
    .select(["label", "url"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  const banners = await db
    .selectFrom("banners")
    .select(["level", "message"])
    .where("event_id", "=", eventId)
    .orderBy("position")
    .orderBy("id")
    .execute();
  return {
    eventid: event.slug,
    voice: event.voice_required === true ? (1 as const) : (0 as const),
    links: Object.fromEntries(links.map((l) => [l.label, l.url])),
    motd: banners.map((b) => ({ level: b.level, message: b.message }) as PtgbotBanner),
  };
}

export interface ExportOptions {
  /**
   * Include attendees' subscriptions (default true: backups keep everything). The public
   * ptg.json leaves them out (an empty `subscriptions`) unless PTG_PUBLISH_SUBSCRIPTIONS.
   */
  subscriptions?: boolean;
}

/** The event as a PTGbot document with every key of the format (no `timestamp`). */
export async function exportPtgbot(
  db: Kysely<Database> | Transaction<Database>,
  eventId: number,
  options: ExportOptions = {},
): Promise<CompletePtgbotDocument> {
  const event = await exportEvent(db, eventId);
  const tracks = await exportTracks(db, eventId);
  const people = await exportPeople(db, eventId, options.subscriptions ?? true);
  const schedule = await exportSchedule(db, eventId);
  const leads = await eventLeads(db, eventId);
  return {
    eventid: event.eventid,
    voice: event.voice,
    links: event.links,
    motd: event.motd,
    now: tracks.now,
    next: tracks.next,
    etherpads: tracks.etherpads,
    urls: tracks.urls,
    colors: tracks.colors,
    location: tracks.location,
    last_check_in: people.last_check_in,
    subscriptions: people.subscriptions,
    slots: schedule.slots,
    tracks: tracks.tracks,
    schedule: schedule.schedule,
    ...(leads.size === 0 ? {} : { leads: Object.fromEntries(leads) }),
  };
}
