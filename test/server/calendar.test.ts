import ICAL from "ical.js";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventState } from "../../shared/api/event-state.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { readDenver } from "../support/denver.js";
import { serverFor, SLUG, storeWithFixture } from "./support.js";

/** The fixture, with real times on a few more slots and values that need escaping. */
function calendarFixture(): Record<string, unknown> {
  const doc = readDenver();
  const slots = doc.slots as Record<string, { name: string; desc: string; realtime?: string }[]>;
  const times: Record<string, string> = {
    MonA1: "2020-06-01T09:00:00Z",
    MonA2: "2020-06-01T10:45:00Z",
    TueP1: "2020-06-02T13:30:00Z",
  };
  for (const day of Object.values(slots)) {
    for (const slot of day) {
      const time = times[slot.name];
      if (time !== undefined) slot.realtime = time;
    }
  }
  const schedule = doc.schedule as Record<string, Record<string, string>>;
  const aspen = schedule.Aspen;
  if (aspen === undefined) throw new Error("fixture: no room Aspen");
  aspen.desc = "Projector; seats 10, whiteboard \\ markers — très grande salle, près de l’entrée";
  doc.urls = { nova: "https://meet.example.org/nova?x=1,2;3" };
  return doc;
}

interface Vevent {
  uid: string;
  summary: string;
  location: string;
  url: string | null;
  description: string;
  start: string;
  end: string;
}

function parseCalendar(text: string): Vevent[] {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return calendar.getAllSubcomponents("vevent").map((v) => {
    const text = (name: string): string => {
      const value: unknown = v.getFirstPropertyValue(name);
      if (typeof value !== "string") throw new Error(`${name} is not text`);
      return value;
    };
    const time = (name: string): string => {
      const value: unknown = v.getFirstPropertyValue(name);
      if (!(value instanceof ICAL.Time)) throw new Error(`${name} is not a time`);
      return value.toJSDate().toISOString();
    };
    const url: unknown = v.getFirstPropertyValue("url");
    return {
      uid: text("uid"),
      summary: text("summary"),
      location: text("location"),
      url: typeof url === "string" ? url : null,
      description: text("description"),
      start: time("dtstart"),
      end: time("dtend"),
    };
  });
}

/** (room, slot, track) of every booked slot with a real time, from the JSON API's state. */
function timedBookings(state: EventState, track?: string) {
  const timed = new Map(
    state.days.flatMap((d) => d.slots).flatMap((s) => (s.startsAt ? [[s.code, s]] : [])),
  );
  return state.rooms.flatMap((room) =>
    Object.entries(room.bookings).flatMap(([code, booked]) => {
      const slot = timed.get(code);
      if (!slot || booked === null || (track !== undefined && booked !== track)) return [];
      return [{ room, slot, track: booked }];
    }),
  );
}

describe.each(storeKinds())("calendars (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let state: EventState;

  beforeAll(async () => {
    store = await storeWithFixture(kind, calendarFixture());
    app = await serverFor(store);
    state = (await app.inject(`/api/v1/events/${SLUG}`)).json<EventState>();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("has one VEVENT per booked slot with a real time, with the right fields", async () => {
    const res = await app.inject(`/events/${SLUG}/ical`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    expect(res.headers["access-control-allow-origin"]).toBe("*");
    const events = parseCalendar(res.body);
    const expected = timedBookings(state);
    expect(expected.length).toBeGreaterThan(15);
    expect(events).toHaveLength(expected.length);

    for (const { room, slot, track } of expected) {
      const event = events.find((e) => e.location === room.name && e.start === slot.startsAt);
      expect(event, `${room.name} ${slot.code}`).toBeDefined();
      if (event === undefined) continue;
      const info = state.tracks.find((t) => t.name === track);
      expect(event.summary).toBe(track);
      expect(event.url).toBe(info?.url ?? room.url);
      expect(event.description).toContain(`Etherpad: ${info?.etherpad ?? "?"}`);
      const minutes = slot.durationMinutes ?? 105;
      expect(Date.parse(event.end) - Date.parse(event.start)).toBe(minutes * 60_000);
    }
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);

    // Escaped values come back intact.
    const aspen = events.find((e) => e.location === "Aspen");
    expect(aspen?.description).toContain(
      "Room: Projector; seats 10, whiteboard \\ markers — très grande salle, près de l’entrée",
    );
    const nova = events.find((e) => e.summary === "nova");
    expect(nova?.url).toBe("https://meet.example.org/nova?x=1,2;3");
  });

  it("writes CRLF lines of at most 75 octets, with stable UIDs", async () => {
    const first = (await app.inject(`/events/${SLUG}/ical`)).body;
    expect(first.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const lines = first.split("\r\n");
    expect(lines.some((l) => l.includes("\n"))).toBe(false);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(" "))).toBe(true); // something was folded

    const again = await serverFor(store);
    try {
      const second = (await again.inject(`/events/${SLUG}/ical`)).body;
      expect(parseCalendar(second).map((e) => e.uid)).toEqual(
        parseCalendar(first).map((e) => e.uid),
      );
    } finally {
      await again.close();
    }
  });

  it("has only the track's bookings in a track's calendar", async () => {
    const res = await app.inject(`/events/${SLUG}/tracks/nova.ics`);
    expect(res.statusCode).toBe(200);
    const events = parseCalendar(res.body);
    expect(events.length).toBe(timedBookings(state, "nova").length);
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.summary))).toEqual(new Set(["nova"]));
    const upper = await app.inject(`/events/${SLUG}/tracks/NOVA.ics`);
    expect(parseCalendar(upper.body)).toEqual(events);
  });

  it("answers 304 on a current ETag, and JSON errors for unknown events and tracks", async () => {
    const res = await app.inject(`/events/${SLUG}/ical`);
    const again = await app.inject({
      url: `/events/${SLUG}/ical`,
      headers: { "if-none-match": String(res.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const track = await app.inject(`/events/${SLUG}/tracks/no-such-track.ics`);
    expect(track.statusCode).toBe(404);
    expect(track.json()).toMatchObject({ error: { code: "track_not_found" } });
    const event = await app.inject(`/events/no-such-event/ical`);
    expect(event.statusCode).toBe(404);
    expect(event.json()).toMatchObject({ error: { code: "event_not_found" } });
    const bad = await app.inject(`/events/${SLUG}/tracks/%20bad.ics`);
    expect(bad.statusCode).toBe(400);
  });
});
