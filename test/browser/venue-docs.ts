// Events for the hallway and overflow suites: the PTGbot fixture with every track live (or a
// 500-track event), and the same with 500-character values in every text field.
import { sql } from "kysely";
import type { Store } from "../../shared/db/open.js";
import { bumpVersion, findEvent } from "../../shared/store/events.js";
import { readDenver } from "../support/denver.js";

interface Doc {
  tracks: string[];
  schedule: Record<string, Record<string, string>>;
  now: Record<string, string>;
  next: Record<string, string[]>;
  location: Record<string, string>;
  motd: { level: string; message: string }[];
  [key: string]: unknown;
}

const TOPICS = [
  "Cross-project goals for the cycle",
  "Review of the release process and the stable branches, with the release team",
  "Upgrade checks",
  "Retrospective",
  "Planning the next cycle's priorities: what we keep, what we drop and who owns what",
];

/**
 * The fixture with `count` tracks (its own 44, or generated names past that), every one live:
 * a topic now, a location (a room of the schedule) and two topics next; and two banners.
 */
export function liveEventDoc(count: number): Doc {
  const doc = readDenver() as Doc;
  const rooms = Object.keys(doc.schedule);
  const tracks =
    count <= doc.tracks.length
      ? doc.tracks.slice(0, count)
      : [
          ...doc.tracks,
          ...Array.from(
            { length: count - doc.tracks.length },
            (_, i) => `team-${String(i + 1).padStart(3, "0")}`,
          ),
        ];
  doc.tracks = tracks;
  doc.now = Object.fromEntries(
    tracks.map((t, i) => [t, `${TOPICS[i % TOPICS.length] ?? ""} (${t})`]),
  );
  doc.location = Object.fromEntries(tracks.map((t, i) => [t, rooms[i % rooms.length] ?? "Hall"]));
  doc.next = Object.fromEntries(
    tracks.map((t, i) => [
      t,
      [TOPICS[(i + 1) % TOPICS.length] ?? "", TOPICS[(i + 2) % TOPICS.length] ?? ""],
    ]),
  );
  doc.motd = [
    { level: "info", message: "Lunch is served in the Atrium from 12:30" },
    { level: "warning", message: "The Ballroom A projector is out: meet in Ballroom B" },
  ];
  return doc;
}

/** An unbreakable 500-character word, and a 500-character sentence. */
export const LONG_WORD = "W".repeat(500);
export const LONG_SENTENCE =
  "this sentence keeps going on and on about the track's plans for the cycle "
    .repeat(8)
    .slice(0, 500);

/**
 * Sets every text field of the event that the widget shows to a 500-character value (words
 * that cannot break, and long sentences), straight in the store: the worst any input could do.
 */
export async function makeEverythingLong(store: Store, slug: string): Promise<void> {
  const event = await findEvent(store.db, slug);
  if (event === undefined) throw new Error(`no event ${slug}`);
  const id = event.id;
  const db = store.db;
  await db.updateTable("events").set({ name: LONG_WORD }).where("id", "=", id).execute();
  await db
    .updateTable("rooms")
    .set({
      name: sql<string>`${LONG_WORD} || id::text`,
      description: LONG_SENTENCE,
      capability_description: LONG_WORD,
    })
    .where("event_id", "=", id)
    .execute();
  await db
    .updateTable("slots")
    .set({
      label: sql<string>`${LONG_WORD} || position::text`,
      day: sql<string>`${LONG_WORD} || day`,
    })
    .where("event_id", "=", id)
    .execute();
  await db.updateTable("tracks").set({ location: LONG_WORD }).where("event_id", "=", id).execute();
  const tracks = db.selectFrom("tracks").select("id").where("event_id", "=", id);
  await db
    .updateTable("now_topics")
    .set({ topic: LONG_WORD })
    .where("track_id", "in", tracks)
    .execute();
  await db
    .updateTable("next_topics")
    .set({ topic: LONG_SENTENCE })
    .where("track_id", "in", tracks)
    .execute();
  await db.updateTable("banners").set({ message: LONG_WORD }).where("event_id", "=", id).execute();
  await db.updateTable("links").set({ label: LONG_WORD }).where("event_id", "=", id).execute();
  await db.updateTable("check_ins").set({ nick: LONG_WORD }).where("event_id", "=", id).execute();
  await db.transaction().execute((trx) => bumpVersion(trx, id));
}
