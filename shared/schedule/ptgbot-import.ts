// The PTGbot input format: maps a checked PTGbot document (parsePtgbotDocument) to the neutral
// schedule model and applies it through the store's verbs (shared/schedule/apply.ts), with
// PTGbot's semantics: each key present in the document replaces the event's current value for
// it; absent keys keep theirs. Runs in the caller's transaction (which should hold lockEvent)
// and neither commits nor bumps the version; all or nothing.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import { applySchedule, ScheduleConflict } from "./apply.js";
import type { ScheduleModel } from "./model.js";
import { PTGBOT_KEYS, PTGBOT_LIMITS, ROOM_FIELDS, type PtgbotDocument } from "../ptgbot/format.js";
import { PtgbotImportError, parseCheckInTime, parseRealtime } from "../ptgbot/validate.js";

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

const isRoomField = (key: string): boolean => (ROOM_FIELDS as readonly string[]).includes(key);

/** The instant of a check-in time the validator accepted. */
function checkInInstant(value: string): Date {
  const date = parseCheckInTime(value);
  if (date === null) throw new PtgbotImportError(`invalid check-in time ${JSON.stringify(value)}`);
  return date;
}

/** The neutral schedule a PTGbot document describes. */
export function scheduleOf(doc: PtgbotDocument): ScheduleModel {
  const model: ScheduleModel = {};
  if (doc.voice !== undefined) model.voiceRequired = doc.voice === 1;
  if (doc.links !== undefined) {
    model.links = Object.entries(doc.links).map(([label, url]) => ({ label, url }));
  }
  if (doc.motd !== undefined) model.banners = doc.motd;
  if (doc.tracks !== undefined) model.tracks = doc.tracks;
  if (doc.slots !== undefined) {
    model.days = Object.entries(doc.slots).map(([name, slots]) => ({
      name,
      slots: slots.map((slot) => ({
        code: slot.name,
        label: slot.desc,
        startsAt: slot.realtime === undefined ? null : parseRealtime(slot.realtime),
      })),
    }));
  }
  if (doc.schedule !== undefined) {
    model.rooms = Object.entries(doc.schedule).map(([name, room]) => ({
      name,
      description: room.desc ?? null,
      capabilityIcon: room.cap_icon ?? null,
      capabilityDescription: room.cap_desc ?? null,
      meetingUrl: room.url ?? null,
      offers: Object.entries(room)
        .filter(([key]) => !isRoomField(key))
        .map(([slot, track]) => ({ slot, track: track === "" ? null : track })),
    }));
  }
  if (doc.now !== undefined) model.now = doc.now;
  if (doc.next !== undefined) model.next = doc.next;
  if (doc.etherpads !== undefined) model.etherpads = doc.etherpads;
  if (doc.urls !== undefined) model.urls = doc.urls;
  if (doc.colors !== undefined) model.colors = doc.colors;
  if (doc.location !== undefined) model.locations = doc.location;
  if (doc.leads !== undefined) model.leads = doc.leads;
  if (doc.last_check_in !== undefined) {
    model.checkIns = Object.values(doc.last_check_in).map((c) => ({
      nick: c.nick,
      location: c.location,
      checkedInAt: checkInInstant(c.in),
      checkedOutAt: c.out === null ? null : checkInInstant(c.out),
    }));
  }
  if (doc.subscriptions !== undefined) {
    model.subscriptions = Object.entries(doc.subscriptions).map(([nick, pattern]) => ({
      nick,
      pattern,
    }));
  }
  return model;
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
  let applied;
  try {
    applied = await applySchedule(trx, eventId, scheduleOf(doc), {
      maxTracks: PTGBOT_LIMITS.tracks,
    });
  } catch (error) {
    if (!(error instanceof ScheduleConflict)) throw error;
    if (error.offer === null) throw new PtgbotImportError(error.message);
    throw new PtgbotImportError(
      `schedule[${JSON.stringify(error.offer.room)}].${error.offer.slot} is not a slot of the ` +
        `event (the document has no "slots")`,
    );
  }
  return {
    applied: [
      ...PTGBOT_KEYS.filter((key) => key !== "eventid" && doc[key] !== undefined),
      ...(doc.leads === undefined ? [] : ["leads" as const]),
    ],
    otherEventId: doc.eventid !== undefined && doc.eventid !== event.slug ? doc.eventid : null,
    ...applied,
  };
}
