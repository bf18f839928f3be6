// Test helper: turns a PTGbot JSON document (the IRC bot's format, as in
// test/browser/fixtures/ptgbot-base.json) into the API's EventState, so that the browser tests
// render a realistic event without the real server.
import { readFileSync } from "node:fs";
import type {
  BannerLevel,
  DayState,
  EventState,
  RoomState,
  TrackState,
} from "../../shared/api/event-state.js";

export interface PtgbotSlot {
  name: string;
  desc: string;
  realtime?: string;
}

export interface PtgbotJson {
  eventid: string;
  voice?: number;
  links?: Record<string, string>;
  motd?: { level: string; message: string }[];
  now?: Record<string, string>;
  next?: Record<string, string[]>;
  etherpads?: Record<string, string>;
  urls?: Record<string, string>;
  colors?: Record<string, string>;
  location?: Record<string, string>;
  last_check_in?: Record<string, { location: string; in: string; out: string | null }>;
  slots: Record<string, PtgbotSlot[]>;
  tracks: string[];
  schedule: Record<string, Record<string, string>>;
}

export const FIXTURE_PATH = new URL("./fixtures/ptgbot-base.json", import.meta.url);

export function loadFixture(): PtgbotJson {
  return JSON.parse(readFileSync(FIXTURE_PATH, "utf8")) as PtgbotJson;
}

export interface ConvertOptions {
  slug: string;
  name?: string;
  version?: number;
  updatedAt?: string;
  etherpadBase?: string;
  /**
   * Give every slot a real start time: day i of the schedule is `firstDay` + i days, and a slot
   * labelled "09:00-10:45" starts at 09:00 UTC that day and lasts 105 minutes.
   */
  firstDay?: string;
}

const LEVELS: readonly string[] = ["info", "success", "warning", "danger"];

function slotTimes(
  slot: PtgbotSlot,
  dayIndex: number,
  firstDay: string | undefined,
): { startsAt: string | null; durationMinutes: number | null } {
  if (firstDay === undefined) return { startsAt: slot.realtime ?? null, durationMinutes: null };
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(slot.desc);
  if (!match) return { startsAt: null, durationMinutes: null };
  const [, h1 = "0", m1 = "0", h2 = "0", m2 = "0"] = match;
  const start = new Date(`${firstDay}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() + dayIndex);
  start.setUTCHours(Number(h1), Number(m1));
  const minutes = Number(h2) * 60 + Number(m2) - (Number(h1) * 60 + Number(m1));
  return { startsAt: start.toISOString(), durationMinutes: minutes };
}

export function ptgbotToEventState(doc: PtgbotJson, options: ConvertOptions): EventState {
  const etherpadBase = options.etherpadBase ?? "https://etherpad.opendev.org/p";
  const days: DayState[] = Object.entries(doc.slots).map(([dayName, slots], dayIndex) => ({
    name: dayName,
    slots: slots.map((slot) => ({
      code: slot.name,
      label: slot.desc,
      ...slotTimes(slot, dayIndex, options.firstDay),
    })),
  }));
  const slotCodes = new Set(days.flatMap((d) => d.slots.map((s) => s.code)));

  const rooms: RoomState[] = Object.entries(doc.schedule).map(([roomName, entry]) => {
    const bookings: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (slotCodes.has(key)) bookings[key] = value === "" ? null : value;
    }
    return {
      name: roomName,
      description: entry.desc ?? null,
      capabilityIcon: entry.cap_icon ?? null,
      capabilityDescription: entry.cap_desc ?? null,
      url: entry.url ?? null,
      bookings,
    };
  });

  const names = new Set(doc.tracks.map((t) => t.toLowerCase()));
  for (const room of rooms) {
    for (const track of Object.values(room.bookings)) if (track) names.add(track);
  }
  const since = options.updatedAt ?? "2020-06-01T08:00:00.000Z";
  const checkIns = Object.entries(doc.last_check_in ?? {});
  const tracks: TrackState[] = [...names].sort().map((name) => {
    const pad = doc.etherpads?.[name];
    const topic = doc.now?.[name];
    return {
      name,
      color: doc.colors?.[name] ?? null,
      etherpad: pad ?? `${etherpadBase}/${doc.eventid}-${name}`,
      etherpadCustom: pad !== undefined,
      url: doc.urls?.[name] ?? null,
      location: doc.location?.[name] ?? null,
      now: topic === undefined ? null : { topic, since },
      next: doc.next?.[name] ?? [],
      checkedIn: checkIns
        .filter(([, c]) => c.location === `#${name}` && !c.out)
        .map(([nick, c]) => ({ nick, since: c.in })),
    };
  });

  return {
    slug: options.slug,
    name: options.name ?? doc.eventid,
    version: options.version ?? 1,
    updatedAt: since,
    voiceRequired: (doc.voice ?? 0) !== 0,
    etherpadBase,
    banners: (doc.motd ?? []).map((m) => ({
      level: (LEVELS.includes(m.level) ? m.level : "info") as BannerLevel,
      message: m.message,
    })),
    links: Object.entries(doc.links ?? {}).map(([label, url]) => ({ label, url })),
    tracks,
    days,
    rooms,
  };
}
