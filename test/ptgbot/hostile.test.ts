// Hostile or broken documents are refused with a message naming the culprit, and the event is
// left exactly as it was.
import { MAX_NEXT_TOPICS } from "../../shared/domain/validate.js";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { exportPtgbot } from "../../shared/ptgbot/export.js";
import { storeKinds, useStore } from "../support/stores.js";
import { readDenver } from "../support/denver.js";
import { load, newEvent, refusal } from "./helpers.js";

type Doc = Record<string, unknown>;
type Room = Record<string, unknown>;

const long = (n: number): string => "x".repeat(n);
const schedule = (doc: Doc) => doc.schedule as Record<string, Room>;
const slotsOf = (doc: Doc) => doc.slots as Record<string, Room[]>;

/** [what, how to spoil the fixture, the expected message] */
const CASES: [string, (doc: Doc) => unknown, string][] = [
  ["a null document", () => null, "the document must be a JSON object"],
  ["an array document", () => [readDenver()], "the document must be a JSON object"],
  ["a string document", () => "{}", "the document must be a JSON object"],
  ["voice 2", (d) => ({ ...d, voice: 2 }), "voice must be 0 or 1"],
  ['voice "1"', (d) => ({ ...d, voice: "1" }), "voice must be 0 or 1"],
  ["a numeric eventid", (d) => ({ ...d, eventid: 7 }), "eventid must be a string"],
  [
    "a long eventid",
    (d) => ({ ...d, eventid: long(101) }),
    "eventid is too long (at most 100 characters)",
  ],
  [
    "a booking that is not a string",
    (d) => {
      schedule(d).Aspen = { ...schedule(d).Aspen, FriA1: 5 };
      return d;
    },
    'schedule["Aspen"].FriA1 must be a string',
  ],
  [
    "a booking in an unknown slot",
    (d) => {
      schedule(d).Aspen = { ...schedule(d).Aspen, FriZ9: "nova" };
      return d;
    },
    'schedule["Aspen"].FriZ9 is not a slot code of "slots"',
  ],
  [
    "a booking for a bad track name",
    (d) => {
      schedule(d).Vail = { ...schedule(d).Vail, FriA1: "<b>nova</b>" };
      return d;
    },
    'schedule["Vail"].FriA1 is not a valid track name ("<b>nova</b>": letters, digits, "-", "_" or "."; at most 64 characters)',
  ],
  [
    "a javascript: room URL",
    (d) => {
      schedule(d)["Ballroom A"] = { ...schedule(d)["Ballroom A"], url: "javascript:alert(1)" };
      return d;
    },
    'schedule["Ballroom A"].url must be an http:// or https:// URL',
  ],
  [
    "markup in a capability icon",
    (d) => {
      schedule(d).Aspen = { ...schedule(d).Aspen, cap_icon: '"><script>alert(1)</script>' };
      return d;
    },
    'schedule["Aspen"].cap_icon may only hold letters, digits, "-" and "_"',
  ],
  [
    "a room that is not an object",
    (d) => {
      (d.schedule as Record<string, unknown>).Aspen = "big";
      return d;
    },
    'schedule["Aspen"] must be an object',
  ],
  [
    "a room name over 100 characters",
    (d) => ({ ...d, schedule: { [long(101)]: {} } }),
    `schedule["${long(55)}…"] is too long (at most 100 characters)`,
  ],
  [
    "two rooms differing only in case",
    (d) => ({ ...d, schedule: { Aspen: {}, aspen: {} } }),
    'schedule["aspen"] differs from schedule["Aspen"] only in case',
  ],
  [
    "201 rooms",
    (d) => ({
      ...d,
      schedule: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`R${i}`, {}])),
    }),
    "schedule has 201 rooms (at most 200)",
  ],
  [
    "a colour that smuggles CSS",
    (d) => ({ ...d, colors: { nova: "red; background: url(https://evil.example/x)" } }),
    'colors["nova"] must be a CSS colour (a name, #rrggbb, rgb() or hsl())',
  ],
  [
    "a javascript: link",
    (d) => ({ ...d, links: { map: "javascript:alert(1)" } }),
    'links["map"] must be an http:// or https:// URL',
  ],
  [
    "an ftp etherpad",
    (d) => ({ ...d, etherpads: { nova: "ftp://pad.example/nova" } }),
    'etherpads["nova"] must be an http:// or https:// URL',
  ],
  [
    "a track URL with a quote",
    (d) => ({ ...d, urls: { Nova: 'https://meet.example/"onload=x' } }),
    'urls["Nova"] must be an http:// or https:// URL',
  ],
  [
    "101 links",
    (d) => ({
      ...d,
      links: Object.fromEntries(
        Array.from({ length: 101 }, (_, i) => [`l${i}`, "https://x.example"]),
      ),
    }),
    "links has 101 links (at most 100)",
  ],
  [
    "a bad banner level",
    (d) => ({ ...d, motd: [{ level: "critical", message: "x" }] }),
    'motd[0].level must be info, success, warning or danger (not "critical")',
  ],
  [
    "51 banners",
    (d) => ({ ...d, motd: Array.from({ length: 51 }, () => ({ level: "info", message: "m" })) }),
    "motd has 51 banners (at most 50)",
  ],
  [
    "a banner over 500 characters",
    (d) => ({ ...d, motd: [{ level: "info", message: long(501) }] }),
    "motd[0].message is too long (at most 500 characters)",
  ],
  [
    "a huge topic",
    (d) => ({ ...d, now: { nova: long(1_000_000) } }),
    'now["nova"] is too long (at most 500 characters)',
  ],
  [
    "a NUL in a topic",
    (d) => ({ ...d, now: { nova: "a\u0000b" } }),
    'now["nova"] must not contain a NUL character',
  ],
  [
    // Chat turns tabs into spaces, so the importer holds text to the same rule.
    "a tab in a topic",
    (d) => ({ ...d, now: { nova: "a\tb" } }),
    'now["nova"] must not contain control characters (U+0009)',
  ],
  [
    "a C1 control in a check-in place",
    (d) => ({
      ...d,
      last_check_in: {
        jane: { nick: "Jane", location: "the\u009bpub", in: "2024-04-08 10:12:00", out: null },
      },
    }),
    'last_check_in["jane"].location must not contain control characters (U+009B)',
  ],
  [
    "a subscription pattern over 200 characters",
    (d) => ({ ...d, subscriptions: { jane: "x".repeat(201) } }),
    'subscriptions["jane"] is too long (at most 200 characters)',
  ],
  [
    "a lone surrogate in a location",
    (d) => ({ ...d, location: { nova: "room \ud800" } }),
    'location["nova"] must not contain broken Unicode (a lone surrogate)',
  ],
  [
    "a bad track name in now",
    (d) => ({ ...d, now: { "no va": "x" } }),
    'now["no va"] is not a valid track name ("no va": letters, digits, "-", "_" or "."; at most 64 characters)',
  ],
  [
    "two keys for one track",
    (d) => ({ ...d, now: { Nova: "a", nova: "b" } }),
    'now["nova"] names the same track as now["Nova"]',
  ],
  [
    "one next topic too many",
    (d) => ({ ...d, next: { nova: Array.from({ length: MAX_NEXT_TOPICS + 1 }, () => "t") } }),
    `next["nova"] has ${MAX_NEXT_TOPICS + 1} topics (at most ${MAX_NEXT_TOPICS})`,
  ],
  [
    "a next topic that is not a string",
    (d) => ({ ...d, next: { nova: ["ok", { evil: true }] } }),
    'next["nova"][1] must be a string',
  ],
  [
    "a next list that is not a list",
    (d) => ({ ...d, next: { nova: "later" } }),
    'next["nova"] must be an array',
  ],
  [
    "a duplicate slot code",
    (d) => {
      slotsOf(d).Tuesday?.push({ name: "MonA1", desc: "again" });
      return d;
    },
    'slots["Tuesday"][4].name repeats the slot code "MonA1" of "Monday"',
  ],
  [
    "slot codes differing only in case",
    (d) => {
      slotsOf(d).Tuesday?.push({ name: "mona1", desc: "again" });
      return d;
    },
    'slots["Tuesday"][4].name repeats the slot code "mona1" of "Monday"',
  ],
  [
    "a slot code with a dash",
    (d) => ({ ...d, slots: { Monday: [{ name: "Mon-A1", desc: "x" }] }, schedule: {} }),
    'slots["Monday"][0].name must not contain spaces or "-"',
  ],
  [
    "a slot code that is a room field",
    (d) => ({ ...d, slots: { Monday: [{ name: "url", desc: "x" }] }, schedule: {} }),
    'slots["Monday"][0].name must not be "url", which is a room field',
  ],
  [
    "a realtime that is not a date",
    (d) => {
      const monday = slotsOf(d).Monday ?? [];
      monday[1] = { ...monday[1], realtime: "tomorrow at nine" };
      return d;
    },
    'slots["Monday"][1].realtime must be an ISO 8601 date-time (e.g. 2024-04-08T09:00:00Z)',
  ],
  [
    "a realtime on February 30",
    (d) => {
      const monday = slotsOf(d).Monday ?? [];
      monday[0] = { ...monday[0], realtime: "2024-02-30T09:00:00Z" };
      return d;
    },
    'slots["Monday"][0].realtime must be an ISO 8601 date-time (e.g. 2024-04-08T09:00:00Z)',
  ],
  [
    "15 days",
    (d) => ({
      ...d,
      slots: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`Day ${i}`, []])),
    }),
    "slots has 15 days (at most 14)",
  ],
  [
    "21 slots in a day",
    (d) => ({
      ...d,
      slots: { Monday: Array.from({ length: 21 }, (_, i) => ({ name: `S${i}`, desc: "" })) },
    }),
    'slots["Monday"] has 21 slots (at most 20)',
  ],
  ["tracks as an object", (d) => ({ ...d, tracks: { nova: 1 } }), "tracks must be an array"],
  [
    "a track that is not a string",
    (d) => ({ ...d, tracks: ["nova", 5] }),
    "tracks[1] must be a string",
  ],
  [
    "501 tracks",
    (d) => ({ ...d, tracks: Array.from({ length: 501 }, (_, i) => `t${i}`) }),
    "tracks has 501 tracks (at most 500)",
  ],
  [
    "a million tracks",
    (d) => ({ ...d, tracks: Array.from({ length: 1_000_000 }, (_, i) => `t${i}`) }),
    "tracks has 1000000 tracks (at most 500)",
  ],
  [
    "a check-in with a bad time",
    (d) => ({
      ...d,
      last_check_in: {
        jane: { nick: "jane", location: "x", in: "2024-04-08T10:00:00Z", out: null },
      },
    }),
    'last_check_in["jane"].in must be YYYY-MM-DD HH:MM:SS',
  ],
  [
    "a check-in under another nick",
    (d) => ({
      ...d,
      last_check_in: { bob: { nick: "Jane", location: "x", in: "2024-04-08 10:00:00", out: null } },
    }),
    'last_check_in["bob"] must be keyed by the nick in lower case',
  ],
  [
    "20,001 check-ins",
    (d) => ({
      ...d,
      last_check_in: Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`n${i}`, {}])),
    }),
    "last_check_in has 20001 check-ins (at most 20000)",
  ],
  [
    "an invalid subscription pattern",
    (d) => ({ ...d, subscriptions: { jane: "(nova" } }),
    'subscriptions["jane"] is not a valid pattern: error parsing regexp: missing closing ): `(nova`',
  ],
  [
    "two subscriptions for one person",
    (d) => ({ ...d, subscriptions: { Jane: "a", jane: "b" } }),
    'subscriptions["jane"] is the same person as subscriptions["Jane"]',
  ],
  [
    "20,001 subscriptions",
    (d) => ({
      ...d,
      subscriptions: Object.fromEntries(Array.from({ length: 20_001 }, (_, i) => [`n${i}`, "x"])),
    }),
    "subscriptions has 20001 subscriptions (at most 20000)",
  ],
];

describe.each(storeKinds())("hostile PTGbot documents on %s", (kind) => {
  const store = useStore(kind);
  let eventId: number;
  let before: unknown;
  beforeAll(async () => {
    eventId = await newEvent(store().db);
    await load(store().db, eventId, {
      ...readDenver(),
      now: { nova: "placement" },
      last_check_in: {
        jane: { nick: "Jane", location: "#nova", in: "2024-04-08 10:12:00", out: null },
      },
      subscriptions: { Jane: "nova" },
    });
    before = await exportPtgbot(store().db, eventId);
  });

  it.each(CASES)("refuses %s", async (_what, spoil, message) => {
    expect(await refusal(store().db, eventId, spoil(readDenver()))).toBe(
      `PtgbotImportError: ${message}`,
    );
    expect(await exportPtgbot(store().db, eventId)).toEqual(before);
  });

  it("refuses a document that would take the event over 500 tracks", async () => {
    const full = await newEvent(store().db);
    await load(store().db, full, { tracks: Array.from({ length: 500 }, (_, i) => `t${i}`) });
    const start = await exportPtgbot(store().db, full);
    expect(await refusal(store().db, full, { now: { extra: "x" } })).toBe(
      "PtgbotImportError: the event would have 501 tracks (at most 500)",
    );
    expect(await exportPtgbot(store().db, full)).toEqual(start);
  });

  it("leaves nothing behind when the database fails half-way through", async () => {
    // A trigger makes the last write of the import fail, after tracks, rooms and slots.
    await sql`create function refuse_explode() returns trigger language plpgsql as $$
      begin
        if new.nick = 'explode' then raise exception 'boom'; end if;
        return new;
      end $$`.execute(store().db);
    await sql`create trigger refuse_explode before insert on subscriptions
      for each row execute function refuse_explode()`.execute(store().db);
    try {
      const doc = { ...readDenver(), tracks: ["zun"], subscriptions: { explode: "x" } };
      expect(await refusal(store().db, eventId, doc)).toMatch(/boom/);
      expect(await exportPtgbot(store().db, eventId)).toEqual(before);
    } finally {
      await sql`drop trigger refuse_explode on subscriptions`.execute(store().db);
      await sql`drop function refuse_explode()`.execute(store().db);
    }
  });
});
