// An event's schedule as talks, for the schedule.json and schedule.xml exports and the
// calendars: the imported talks when the event has them (store/talks.ts), else PTGbot's grid,
// one talk per booked slot with a real start (its guid a UUID derived from event, room and
// slot, so that it stays the same across versions). Each talk gets its track's etherpad and
// meeting link as links.
import { createHash } from "node:crypto";
import type { EventState } from "../../shared/api/event-state.js";
import type { Queryable } from "../../shared/store/events.js";
import { eventTalks, storedSchedule } from "../../shared/store/talks.js";
import {
  TRACK_LINK_TITLES,
  type Talk,
  type TalkLink,
  type TalkSchedule,
} from "../../shared/domain/talk-model.js";
import { trackKey } from "../../shared/schedule/track-key.js";
import { conferenceDay, derivedDay } from "../../shared/schedule/wall-clock.js";

/** A PTG slot's length when the schedule does not say (1 h 45). */
const DEFAULT_SLOT_MINUTES = 105;
/** RFC 4122's URL namespace. */
const URL_NAMESPACE = "6ba7b8119dad11d180b400c04fd430c8";

/** A name-based (version 5) UUID: the same name always gives the same guid. */
export function uuidV5(name: string): string {
  const hash = createHash("sha1").update(Buffer.from(URL_NAMESPACE, "hex")).update(name).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function withTrackLinks(links: TalkLink[], state: EventState, track: string | null): TalkLink[] {
  const info = state.tracks.find((t) => t.name === track);
  const extra: TalkLink[] = info
    ? [
        // Empty when the event's links are private (shared/store/public-links.ts).
        ...(info.etherpad === ""
          ? []
          : [{ url: info.etherpad, title: TRACK_LINK_TITLES.etherpad }]),
        ...(info.url === null ? [] : [{ url: info.url, title: TRACK_LINK_TITLES.meeting }]),
      ]
    : [];
  const seen = new Set(links.map((l) => l.url));
  return [...links, ...extra.filter((l) => !seen.has(l.url))];
}

function gridTalks(state: EventState, zone: string): Talk[] {
  const talks: Talk[] = [];
  for (const day of state.days) {
    for (const slot of day.slots) {
      if (slot.startsAt === null) continue;
      for (const room of state.rooms) {
        const track = room.bookings[slot.code];
        if (track === undefined || track === null) continue;
        const startsAt = new Date(slot.startsAt);
        talks.push({
          guid: uuidV5(`ptg-matrix:${state.slug}/${room.name}/${slot.code}`),
          frabId: null,
          room: room.name,
          startsAt,
          durationMinutes: slot.durationMinutes ?? DEFAULT_SLOT_MINUTES,
          day: conferenceDay(startsAt, zone),
          title: track,
          track,
          details: {
            subtitle: null,
            type: "meeting",
            language: null,
            abstract: null,
            description: null,
            slug: null,
            url: null,
            persons: [],
            links: withTrackLinks([], state, track),
            doNotRecord: false,
          },
        });
      }
    }
  }
  return talks.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

export async function eventSchedule(
  db: Queryable,
  eventId: number,
  state: EventState,
): Promise<TalkSchedule> {
  const stored = await storedSchedule(db, eventId);
  if (stored !== null) {
    const zone = state.timeZone ?? "UTC";
    const talks = (await eventTalks(db, eventId)).map((t): Talk => ({
      guid: t.guid,
      frabId: t.frabId,
      room: t.room,
      startsAt: t.startsAt,
      durationMinutes: t.durationMinutes,
      day: t.day,
      title: t.title,
      track: t.trackTitle,
      details: {
        ...t.details,
        links: withTrackLinks(
          t.details.links,
          state,
          t.trackTitle === null ? null : trackKey(t.trackTitle),
        ),
      },
    }));
    return {
      version: stored.version,
      conference: {
        title: stored.title,
        acronym: stored.acronym,
        timeZone: zone,
        start: stored.startDate,
        end: stored.endDate,
        timeslotMinutes: stored.timeslotMinutes,
        url: stored.url,
        baseUrl: stored.baseUrl,
      },
      days: stored.days,
      rooms: stored.rooms,
      tracks: stored.tracks,
      talks,
    };
  }
  const zone = state.timeZone ?? "UTC";
  const talks = gridTalks(state, zone);
  const dates = [...new Set(talks.map((t) => t.day))].sort();
  const first = dates[0] ?? state.firstDay ?? new Date().toISOString().slice(0, 10);
  return {
    version: String(state.version),
    conference: {
      title: state.name,
      acronym: state.slug,
      timeZone: zone,
      start: first,
      end: dates.at(-1) ?? first,
      timeslotMinutes: 15,
      url: null,
      baseUrl: null,
    },
    days: dates.map((date, index) => derivedDay(date, index, zone)),
    rooms: state.rooms.map((r) => ({ name: r.name, guid: null, description: r.description })),
    tracks: state.tracks.map((t) => ({ name: t.name, color: t.color })),
    talks,
  };
}
