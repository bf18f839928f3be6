// Importing c3voc schedule.json and frab schedule.xml (fixtures written for these tests, with
// overlapping talks, a talk after midnight and non-ASCII names), re-importing a changed
// version, and refusing bad input with one line that names the position, changing nothing.
import { describe, expect, it } from "vitest";
import { readDocumentFile } from "../../shared/ptgbot/load-file.js";
import { documentOfBytes } from "../../shared/schedule/detect-format.js";
import { eventTracks } from "../../shared/store/tracks.js";
import { findEvent } from "../../shared/store/events.js";
import { eventTalks } from "../../shared/store/talks.js";
import { storeKinds, useStore } from "../support/stores.js";
import {
  c3voc,
  frabXml,
  importDocument,
  movedCancelledAdded,
  snapshotOf,
  talkOf,
  C3VOC_PATH,
} from "./helpers.js";

describe.each(storeKinds())("talk schedule import on %s", (kind) => {
  const store = useStore(kind);

  it("imports c3voc schedule.json faithfully: overlaps, real durations, after midnight", async () => {
    const { db } = store();
    const done = await importDocument(db, "tram-1", c3voc());
    expect(done).toEqual({
      result: "ok",
      reply: "Imported into tram-1: 4 added, 0 changed, 0 removed (version none → 1.0)",
    });
    const event = await findEvent(db, "tram-1");
    expect(event?.time_zone).toBe("Europe/Berlin");
    const talks = await eventTalks(db, event?.id ?? 0);
    expect(
      talks.map((t) => [t.title, t.room, t.startsAt.toISOString(), t.durationMinutes, t.day]),
    ).toEqual([
      ["Über Bäume und Oberleitungen", "Saal Ada", "2026-12-27T09:00:00.000Z", 45, "2026-12-27"],
      ["Ωmega: Weichen in Echtzeit", "Saal Ada", "2026-12-27T09:30:00.000Z", 90, "2026-12-27"],
      ["Nachteule: die letzte Bahn", "Salle Émile", "2026-12-27T23:30:00.000Z", 30, "2026-12-27"],
      [
        "Ampelvorrang für Straßenbahnen",
        "Salle Émile",
        "2026-12-28T10:00:00.000Z",
        20,
        "2026-12-28",
      ],
    ]);
    expect(talks[1]?.details.persons.map((p) => p.name)).toEqual(["李雷", "Søren Ørsted"]);
    expect(talks[0]?.trackTitle).toBe("Kunst & Kultur");
    const tracks = await db
      .selectFrom("tracks")
      .select(["name", "color"])
      .where("event_id", "=", event?.id ?? 0)
      .orderBy("name")
      .execute();
    expect(tracks).toEqual([
      { name: "kunst-kultur", color: "#aa3377" },
      { name: "wissenschaft", color: "#228833" },
    ]);
    const rooms = await db
      .selectFrom("rooms")
      .select("name")
      .where("event_id", "=", event?.id ?? 0)
      .orderBy("position")
      .execute();
    expect(rooms.map((r) => r.name)).toEqual(["Saal Ada", "Salle Émile"]);
  });

  it("imports frab schedule.xml", async () => {
    const { db } = store();
    const done = await importDocument(db, "camp-1", frabXml());
    expect(done.reply).toBe(
      "Imported into camp-1: 4 added, 0 changed, 0 removed (version none → Kobe 0.3)",
    );
    const event = await findEvent(db, "camp-1");
    const talks = await eventTalks(db, event?.id ?? 0);
    expect(
      talks.map((t) => [t.guid.slice(-2), t.frabId, t.room, t.durationMinutes, t.day]),
    ).toEqual([
      ["11", 11, "Zelt Ñandú", 60, "2026-08-14"],
      ["12", 12, "Zelt Ñandú", 25, "2026-08-14"],
      ["13", 13, "Zelt Ñandú", 45, "2026-08-14"],
      ["14", 14, "Werkstatt", 120, "2026-08-15"],
    ]);
    expect(talks[0]?.details.subtitle).toBe("Mit Lötkolben & Geduld");
    expect(talks[1]?.details.persons.map((p) => p.name)).toEqual(["Дмитрий Иванов", "Amélie Zoë"]);
    expect(talks[1]?.details.doNotRecord).toBe(true);
    expect((await eventTracks(db, event?.id ?? 0)).map((t) => t.name).sort()).toEqual([
      "hardware",
      "software",
    ]);
  });

  it("re-imports as one change: moved, cancelled and new talks counted", async () => {
    const { db } = store();
    await importDocument(db, "tram-2", c3voc());
    const doc = movedCancelledAdded();
    const done = await importDocument(db, "tram-2", doc);
    expect(done.reply).toBe(
      "Imported into tram-2: 1 added, 1 changed, 1 removed (version 1.0 → 1.1)",
    );
    const event = await findEvent(db, "tram-2");
    const talks = await eventTalks(db, event?.id ?? 0);
    expect(talks.map((t) => [t.title, t.sequence])).toEqual([
      ["Ωmega: Weichen in Echtzeit", 0],
      ["Über Bäume und Oberleitungen", 1],
      ["Nachteule: die letzte Bahn", 0],
      ["Neu: Gleisbau", 0],
    ]);
    // The same document again changes no talk.
    expect((await importDocument(db, "tram-2", doc)).reply).toBe(
      "Imported into tram-2: 0 added, 0 changed, 0 removed (version 1.1 → 1.1)",
    );
  });

  const bad: [string, () => unknown, RegExp][] = [
    [
      "a schema violation",
      () => {
        const doc = c3voc();
        talkOf(doc, 0, "Saal Ada", 1).duration = "ninety";
        return doc;
      },
      /^schedule\.conference\.days\[0\]\.rooms\["Saal Ada"\]\[1\]\.duration: must match pattern/,
    ],
    [
      "an unknown time zone",
      () => {
        const doc = c3voc();
        (
          (doc.schedule as Record<string, unknown>).conference as Record<string, unknown>
        ).time_zone_name = "Europe/Atlantis";
        return doc;
      },
      /^schedule\.conference\.time_zone_name: unknown time zone "Europe\/Atlantis"$/,
    ],
    [
      "a guid that appears twice",
      () => {
        const doc = c3voc();
        talkOf(doc, 1, "Salle Émile", 0).guid = talkOf(doc, 0, "Saal Ada", 0).guid;
        return doc;
      },
      /^schedule\.conference\.days\[1\]\.rooms\["Salle Émile"\]\[0\]\.guid: guid "5b0e6a1e-1111-4c4c-8a8a-000000000001" appears twice \(first at schedule\.conference\.days\[0\]\.rooms\["Saal Ada"\]\[0\]\)$/,
    ],
    [
      "a start that disagrees with its date",
      () => {
        const doc = c3voc();
        talkOf(doc, 0, "Saal Ada", 0).start = "09:00";
        return doc;
      },
      /^schedule\.conference\.days\[0\]\.rooms\["Saal Ada"\]\[0\]\.start: 09:00 does not match the talk's date \(10:00 at the venue\)$/,
    ],
    [
      "malformed XML",
      () => frabXml().replace("</title>", "</titel>"),
      /^line \d+, column \d+: malformed XML/,
    ],
    [
      "frab XML without a duration",
      () => frabXml().replace("<duration>00:25</duration>", ""),
      /^schedule\/day\[1\]\/room\[Zelt Ñandú\]\/event\[2\]: must have element duration$/,
    ],
    [
      "frab XML with a negative duration",
      () => frabXml().replace("<duration>00:25</duration>", "<duration>-00:25</duration>"),
      /^schedule\/day\[1\]\/room\[Zelt Ñandú\]\/event\[2\]\.duration: "-00:25" is not a duration/,
    ],
  ];
  it.each(bad)(
    "refuses %s in one line naming the position, changing nothing",
    async (_what, make, message) => {
      const { db } = store();
      await importDocument(db, "tram-bad", c3voc());
      const before = await snapshotOf(db, "tram-bad");
      const done = await importDocument(db, "tram-bad", make());
      expect(done.result).toBe("refused");
      expect(done.reply).toMatch(message);
      expect(done.reply).not.toContain("\n");
      expect(await snapshotOf(db, "tram-bad")).toEqual(before);
    },
  );
});

describe("reading schedule files", () => {
  it("refuses a file over the size limit, and malformed JSON with its position", async () => {
    await expect(readDocumentFile(C3VOC_PATH.pathname, 1000)).rejects.toThrow(
      /is larger than 1000 bytes$/,
    );
    expect(() => documentOfBytes(Buffer.from('{"schedule": {'), "schedule.json")).toThrow(
      /^schedule\.json is not valid JSON \(.*position/,
    );
    expect(documentOfBytes(Buffer.from(frabXml()), "x")).toMatch(/^<\?xml/);
  });
});
