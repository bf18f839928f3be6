// Applies a neutral schedule (model.ts) to an event through the store's verbs, inside the
// caller's transaction (which should hold lockEvent); it neither commits nor bumps the version.
// Everything that can be refused is checked before the first write; a database error after
// that aborts the caller's transaction, so the whole schedule applies or nothing does.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { replaceBanners, replaceLinks } from "../store/banners.js";
import { setVoiceRequired } from "../store/events.js";
import { replaceLeads } from "../store/leads.js";
import { replaceCheckIns, replaceSubscriptions } from "../store/people.js";
import {
  bookedTracks,
  replaceRooms,
  replaceSlots,
  scheduleTotals,
  slotIds,
} from "../store/schedule.js";
import { replaceNextTopics, replaceNowTopics } from "../store/topics.js";
import { addTracks, deleteTracks, eventTracks, setTracksField } from "../store/tracks.js";
import type { ScheduleModel } from "./model.js";

/** Rows per INSERT, so that a statement stays well under PostgreSQL's 65,535 parameters. */
const CHUNK = 5000;

/** A schedule that does not fit the event. */
export class ScheduleConflict extends Error {
  constructor(
    message: string,
    /** The room and slot code at fault, when a room offers a slot the event lacks. */
    readonly offer: { room: string; slot: string } | null = null,
  ) {
    super(message);
    this.name = "ScheduleConflict";
  }
}

export interface ApplyOptions {
  /** How many tracks the event may have afterwards. */
  maxTracks: number;
}

export interface Applied {
  /** Tracks created because the schedule named them. */
  addedTracks: string[];
  /** Tracks deleted because `tracks` did not list them (and nothing else kept them). */
  removedTracks: string[];
  /** Totals after applying. */
  tracks: number;
  rooms: number;
  slots: number;
  bookings: number;
}

/** Every track the schedule names outside `tracks`. */
function namedTracks(model: ScheduleModel): string[] {
  const maps = [
    model.now,
    model.next,
    model.etherpads,
    model.urls,
    model.colors,
    model.locations,
    model.leads,
  ];
  const names = maps.flatMap((map) => Object.keys(map ?? {}));
  for (const room of model.rooms ?? []) {
    for (const offer of room.offers) if (offer.track !== null) names.push(offer.track);
  }
  return names;
}

function lookup(ids: Map<string, number>, key: string, what: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`applySchedule: unknown ${what} ${JSON.stringify(key)}`);
  return id;
}

export async function applySchedule(
  trx: Transaction<Database>,
  eventId: number,
  model: ScheduleModel,
  options: ApplyOptions,
): Promise<Applied> {
  // ---- checks, before any write ----
  const existing = await eventTracks(trx, eventId);
  const currentSlots = model.days === undefined ? await slotIds(trx, eventId) : null;
  if (model.rooms !== undefined && currentSlots !== null) {
    for (const room of model.rooms) {
      for (const { slot } of room.offers) {
        if (!currentSlots.has(slot)) {
          throw new ScheduleConflict(`${slot} is not a slot of the event`, {
            room: room.name,
            slot,
          });
        }
      }
    }
  }
  const keptSlots =
    model.days === undefined
      ? null
      : new Set(model.days.flatMap((day) => day.slots.map((s) => s.code)));
  const fromSchedule =
    model.rooms === undefined
      ? (await bookedTracks(trx, eventId))
          .filter((b) => keptSlots === null || keptSlots.has(b.code))
          .map((b) => b.name)
      : [];
  const final = new Set([
    ...(model.tracks ?? existing.map((t) => t.name)),
    ...fromSchedule,
    ...namedTracks(model),
  ]);
  if (final.size > options.maxTracks) {
    throw new ScheduleConflict(
      `the event would have ${final.size} tracks (at most ${options.maxTracks})`,
    );
  }

  // ---- tracks ----
  const removed = existing.filter((t) => !final.has(t.name));
  await deleteTracks(
    trx,
    removed.map((t) => t.id),
  );
  const known = new Set(existing.map((t) => t.name));
  const added = [...final].filter((name) => !known.has(name)).sort();
  await addTracks(trx, eventId, added);
  const trackIds = new Map((await eventTracks(trx, eventId)).map((t) => [t.name, t.id]));

  // ---- days, slots, rooms, bookings ----
  const slots =
    model.days === undefined ? currentSlots : await replaceSlots(trx, eventId, model.days);
  if (model.rooms !== undefined) {
    const ids = slots ?? new Map<string, number>();
    await replaceRooms(
      trx,
      eventId,
      model.rooms.map((room) => ({
        ...room,
        bookings: room.offers.map((o) => ({
          slotId: lookup(ids, o.slot, "slot"),
          trackId: o.track === null ? null : lookup(trackIds, o.track, "track"),
        })),
      })),
      CHUNK,
    );
  }

  // ---- per-track fields and topics ----
  if (model.etherpads !== undefined) {
    await setTracksField(trx, eventId, "etherpad", model.etherpads);
  }
  if (model.urls !== undefined) await setTracksField(trx, eventId, "url", model.urls);
  if (model.colors !== undefined) await setTracksField(trx, eventId, "color", model.colors);
  if (model.locations !== undefined) {
    await setTracksField(trx, eventId, "location", model.locations);
  }
  if (model.now !== undefined) {
    await replaceNowTopics(
      trx,
      eventId,
      Object.entries(model.now).map(([track, topic]) => ({
        trackId: lookup(trackIds, track, "track"),
        topic,
      })),
    );
  }
  if (model.next !== undefined) {
    await replaceNextTopics(
      trx,
      eventId,
      Object.entries(model.next).map(([track, topics]) => ({
        trackId: lookup(trackIds, track, "track"),
        topics,
      })),
      CHUNK,
    );
  }

  if (model.leads !== undefined) {
    await replaceLeads(
      trx,
      eventId,
      Object.entries(model.leads).map(([track, userIds]) => ({
        trackId: lookup(trackIds, track, "track"),
        userIds,
      })),
    );
  }

  // ---- the event's lists and people ----
  if (model.voiceRequired !== undefined) {
    await setVoiceRequired(trx, eventId, model.voiceRequired);
  }
  if (model.banners !== undefined) await replaceBanners(trx, eventId, model.banners);
  if (model.links !== undefined) await replaceLinks(trx, eventId, model.links);
  if (model.checkIns !== undefined) {
    await replaceCheckIns(
      trx,
      eventId,
      model.checkIns.map((c) => ({ ...c, personKey: nickPersonKey(c.nick) })),
      CHUNK,
    );
  }
  if (model.subscriptions !== undefined) {
    await replaceSubscriptions(
      trx,
      eventId,
      model.subscriptions.map((s) => ({ ...s, personKey: nickPersonKey(s.nick) })),
      CHUNK,
    );
  }

  return {
    addedTracks: added,
    removedTracks: removed.map((t) => t.name).sort(),
    ...(await scheduleTotals(trx, eventId)),
  };
}

/** The person_key of someone known only by nick (imported check-ins and subscriptions). */
export const nickPersonKey = (nick: string): string => `nick:${nick.toLowerCase()}`;
