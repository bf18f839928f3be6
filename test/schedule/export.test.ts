// GET /events/SLUG/schedule.json and schedule.xml: valid against the project's c3voc schema
// (checked with ajv here), stable guids, real times and durations, track links; cached with a
// version ETag and compressed like ptg.json; importing our own export gives the same schedule.
import { Ajv } from "ajv";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { c3vocSchema } from "../../shared/schedule/c3voc-schema.js";
import { storeKinds, type TestStore } from "../support/stores.js";
import { serverFor, SLUG, storeWithFixture } from "../server/support.js";
import { c3voc, frabXml, importDocument, type Json } from "./helpers.js";

const validate = new Ajv({ allowUnionTypes: true }).compile(c3vocSchema);

/** The talks of an exported schedule.json, day by day, room by room. */
function talksOf(doc: Json): Json[] {
  const conference = (doc.schedule as Json).conference as Json;
  return (conference.days as Json[]).flatMap((day) =>
    Object.values(day.rooms as Record<string, Json[]>).flat(),
  );
}

describe.each(storeKinds())("schedule exports (%s)", (kind) => {
  let store: TestStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    store = await storeWithFixture(kind);
    app = await serverFor(store);
    await importDocument(store.db, "tram", c3voc());
    await importDocument(store.db, "camp", frabXml());
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("exports imported talks as valid schedule.json with real times, durations and links", async () => {
    const res = await app.inject("/events/tram/schedule.json");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const doc = res.json<Json>();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const talks = talksOf(doc);
    expect(talks.map((t) => [t.title, t.room, t.date, t.start, t.duration])).toEqual([
      ["Über Bäume und Oberleitungen", "Saal Ada", "2026-12-27T10:00:00+01:00", "10:00", "00:45"],
      ["Ωmega: Weichen in Echtzeit", "Saal Ada", "2026-12-27T10:30:00+01:00", "10:30", "01:30"],
      ["Nachteule: die letzte Bahn", "Salle Émile", "2026-12-28T00:30:00+01:00", "00:30", "00:30"],
      [
        "Ampelvorrang für Straßenbahnen",
        "Salle Émile",
        "2026-12-28T11:00:00+01:00",
        "11:00",
        "00:20",
      ],
    ]);
    // The track's etherpad is a link of each of its talks.
    expect(talks[1]?.links).toContainEqual({
      url: expect.stringContaining("wissenschaft") as unknown,
      title: "PTG etherpad",
    });
  });

  it("round-trips: importing our own export (JSON and XML) gives the same schedule", async () => {
    const json = (await app.inject("/events/tram/schedule.json")).json<Json>();
    await importDocument(store.db, "tram-copy", json);
    const again = (await app.inject("/events/tram-copy/schedule.json")).json<Json>();
    // The same talks; only the etherpad links, derived from each event's own slug, differ.
    const slugless = (doc: Json) =>
      JSON.parse(JSON.stringify(doc).replace(/tram-copy-|tram-/g, "")) as Json;
    expect(slugless(again)).toEqual(slugless(json));
    // Into the same event: nothing changes.
    expect((await importDocument(store.db, "tram", json)).reply).toBe(
      "Imported into tram: 0 added, 0 changed, 0 removed (version 1.0 → 1.0)",
    );

    const xml = (await app.inject("/events/camp/schedule.xml")).body;
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<schedule>/);
    expect((await importDocument(store.db, "camp-copy", xml)).result).toBe("ok");
    const fromXml = (await app.inject("/events/camp-copy/schedule.json")).json<Json>();
    const original = (await app.inject("/events/camp/schedule.json")).json<Json>();
    const campless = (doc: unknown) =>
      JSON.parse(JSON.stringify(doc).replace(/camp-copy-|camp-/g, "")) as unknown;
    expect(campless(fromXml)).toEqual(campless(original));
  });

  it("is cached per version: an ETag, 304, and compressed when asked", async () => {
    const first = await app.inject("/events/tram/schedule.xml");
    const etag = first.headers.etag;
    expect(etag).toEqual(expect.any(String));
    const again = await app.inject({
      url: "/events/tram/schedule.xml",
      headers: { "if-none-match": String(etag) },
    });
    expect(again.statusCode).toBe(304);
    const zipped = await app.inject({
      url: "/events/tram/schedule.json",
      headers: { "accept-encoding": "gzip" },
    });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
  });

  it("exports a PTGbot event's booked, timed slots with stable guids; ptg.json still works", async () => {
    const first = (await app.inject(`/events/${SLUG}/schedule.json`)).json<Json>();
    expect(validate(first), JSON.stringify(validate.errors)).toBe(true);
    const second = (await app.inject(`/events/${SLUG}/schedule.json`)).json<Json>();
    expect(talksOf(first).map((t) => t.guid)).toEqual(talksOf(second).map((t) => t.guid));
    const ptg = await app.inject("/events/tram/ptg.json");
    expect(ptg.statusCode).toBe(200);
    const doc = ptg.json<Json>();
    expect(Object.keys(doc.schedule as Json)).toEqual(["Saal Ada", "Salle Émile"]);
    expect(doc.tracks).toEqual(["kunst-kultur", "wissenschaft"]);
  });
});
