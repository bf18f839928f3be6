// Track commands (#TRACK COMMAND …) through runCommand, on every store: replies and state.
import { describe, expect, it } from "vitest";
import { MAX_NEXT_TOPICS, MAX_TEXT_LENGTH } from "../../shared/domain/validate.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { storeKinds } from "../support/stores.js";
import {
  FRIDAY,
  sharedEvent,
  HELP_URL,
  MONDAY,
  SATURDAY,
  TUESDAY,
  WEDNESDAY,
  alice,
  fixtureEvent,
  plainEvent,
  useStore,
} from "./support.js";

describe.each(storeKinds())("track commands (%s)", (kind) => {
  const store = useStore(kind);
  const fixture = () => fixtureEvent(store().db);
  // Refused commands change nothing (each test checks that), so they share one event.
  const refusing = sharedEvent(async () => {
    const ev = await fixture();
    await ev.ok("#swift now current topic");
    await ev.ok("#swift next queued topic");
    await ev.ok("#swift etherpad https://pad.example.org/p/old");
    await ev.ok("#swift url https://meet.example.org/old");
    await ev.ok("#swift color teal");
    return ev;
  });

  describe("routing", () => {
    it("refuses an unknown track", async () => {
      const ev = refusing();
      expect(await ev.refused("#svift now foo")).toBe("Unknown track 'svift'");
    });

    it("refuses a track with no command", async () => {
      const ev = refusing();
      expect(await ev.refused("#swift")).toBe(
        "Missing track command (#swift [now|next|clean...] ...)",
      );
    });

    it("suggests `now` for an unknown command", async () => {
      const ev = refusing();
      expect(await ev.refused("#swift foo")).toBe(
        "Unknown command 'foo'. Did you mean: swift now foo... ?",
      );
      expect(await ev.refused("#swift discussing erasure codes")).toContain(
        "Did you mean: swift now discussing erasure codes",
      );
    });

    it("matches the track and the command case-insensitively", async () => {
      const ev = await fixture();
      await ev.ok("#SWIFT NOW Erasure Codes");
      expect((await ev.track("swift")).now?.topic).toBe("Erasure Codes");
    });

    it("answers #help with the short help and its link, changing nothing", async () => {
      const ev = await fixture();
      const version = await ev.version();
      const outcome = await ev.ok("#help");
      expect(outcome.version).toBeNull();
      expect(outcome.reply).toContain(HELP_URL);
      expect(outcome.reply.split("\n").length).toBeLessThanOrEqual(3);
      expect(await ev.version()).toBe(version);
    });
  });

  describe("now", () => {
    it("sets the topic silently and takes the location from today's booking", async () => {
      const ev = await fixture();
      const version = await ev.version();
      const outcome = await ev.ok("#swift now Erasure codes", { now: MONDAY });
      expect(outcome.reply).toBe("");
      expect(outcome.version).toBe(version + 1);
      const swift = await ev.track("swift");
      expect(swift.now).toEqual({ topic: "Erasure codes", since: MONDAY.toISOString() });
      expect(swift.location).toBe("Ballroom C"); // swift meets in Ballroom C on Monday
      expect(await ev.version()).toBe(version + 1);
    });

    it("takes the room of the day it is run", async () => {
      const ev = await fixture();
      await ev.ok("#swift now Erasure codes", { now: WEDNESDAY });
      expect((await ev.track("swift")).location).toBe("Big Thompson");
    });

    it("follows the schedule from day to day, even without ~newday", async () => {
      const ev = await fixture();
      await ev.ok("#swift now Erasure codes", { now: MONDAY });
      expect((await ev.track("swift")).location).toBe("Ballroom C");
      await ev.ok("#swift now Rings", { now: WEDNESDAY });
      expect((await ev.track("swift")).location).toBe("Big Thompson");
    });

    it("keeps a location set by hand", async () => {
      const ev = await fixture();
      await ev.ok("#swift location the hallway", { now: MONDAY });
      await ev.ok("#swift now Erasure codes", { now: MONDAY });
      expect((await ev.track("swift")).location).toBe("the hallway");
    });

    it("replaces the previous topic and clears the next list", async () => {
      const ev = await fixture();
      await ev.ok("#swift now one");
      await ev.ok("#swift next two");
      await ev.ok("#swift next three");
      expect((await ev.track("swift")).next).toEqual(["two", "three"]);
      await ev.ok("#swift now four", { now: TUESDAY });
      const swift = await ev.track("swift");
      expect(swift.now).toEqual({ topic: "four", since: TUESDAY.toISOString() });
      expect(swift.next).toEqual([]);
    });

    it("warns when the track has no room today, but sets the topic", async () => {
      const ev = await fixture();
      // k8s-sig only meets on Monday morning.
      const reply = await ev.reply("#k8s-sig now containers", { now: TUESDAY });
      expect(reply).toContain("#k8s-sig");
      expect(reply).toContain("does not appear to have a room scheduled today");
      const track = await ev.track("k8s-sig");
      expect(track.now?.topic).toBe("containers");
      expect(track.location).toBeNull();
    });

    it("counts the first day as today when the event does not run today", async () => {
      const ev = await fixture();
      // The fixture runs Monday–Friday; on Saturday, Monday's schedule applies (as in PTGbot).
      expect(await ev.reply("#k8s-sig now containers", { now: SATURDAY })).toBe("");
      expect((await ev.track("k8s-sig")).location).toBe("Ballroom A");
    });

    it("warns when the event has no schedule at all", async () => {
      const ev = await plainEvent(store().db, ["solo"]);
      expect(await ev.reply("#solo now alone")).toContain(
        "does not appear to have a room scheduled today",
      );
      expect((await ev.track("solo")).now?.topic).toBe("alone");
    });

    it("uses a slot the track just booked", async () => {
      const ev = await fixture();
      await ev.ok("#k8s-sig book Aspen-FriA1", { now: FRIDAY });
      expect(await ev.reply("#k8s-sig now containers", { now: FRIDAY })).toBe("");
      expect((await ev.track("k8s-sig")).location).toBe("Aspen");
    });

    it("keeps #hashtags inside the sentence and leaves the named track alone", async () => {
      const ev = await fixture();
      await ev.ok("#nova now multi-attach with #cinder");
      expect((await ev.track("nova")).now?.topic).toBe("multi-attach with #cinder");
      expect((await ev.track("cinder")).now).toBeNull();
    });

    it("refuses a missing sentence", async () => {
      const ev = refusing();
      expect(await ev.refused("#swift now")).toBe("Missing sentence (#swift now ...)");
      expect(await ev.refused("#swift now    ")).toBe("Missing sentence (#swift now ...)");
    });

    it("refuses a sentence longer than the limit, and takes one at it", async () => {
      const ev = await fixture();
      expect(await ev.refused(`#swift now ${"x".repeat(MAX_TEXT_LENGTH + 1)}`)).toContain(
        `${MAX_TEXT_LENGTH}`,
      );
      await ev.ok(`#swift now ${"x".repeat(MAX_TEXT_LENGTH)}`);
    });
  });

  describe("next", () => {
    it("appends in order, silently, without touching now or the location", async () => {
      const ev = await fixture();
      await ev.ok("#swift now current");
      const before = await ev.track("swift");
      expect(await ev.reply("#swift next first thing")).toBe("");
      expect(await ev.reply("#swift next second #nova thing")).toBe("");
      const swift = await ev.track("swift");
      expect(swift.next).toEqual(["first thing", "second #nova thing"]);
      expect(swift.now).toEqual(before.now);
      expect(swift.location).toBe(before.location);
    });

    it("does not set the location", async () => {
      const ev = await fixture();
      await ev.ok("#swift next later");
      expect((await ev.track("swift")).location).toBeNull();
    });

    it("warns when the track has no room today", async () => {
      const ev = await fixture();
      const reply = await ev.reply("#k8s-sig next helm charts", { now: WEDNESDAY });
      expect(reply).toContain("#k8s-sig");
      expect(reply).toContain("does not appear to have a room scheduled today");
      expect((await ev.track("k8s-sig")).next).toEqual(["helm charts"]);
    });

    it("refuses a missing sentence", async () => {
      const ev = refusing();
      expect(await ev.refused("#swift next")).toBe("Missing sentence (#swift next ...)");
    });

    it(`refuses a topic beyond ${MAX_NEXT_TOPICS}`, async () => {
      const ev = await fixture();
      await importIntoEvent(ev.db, ev.slug, {
        next: { swift: Array.from({ length: MAX_NEXT_TOPICS }, (_, i) => `topic ${i}`) },
      });
      expect(await ev.refused("#swift next one too many")).toContain(`${MAX_NEXT_TOPICS}`);
      await ev.ok("#swift now fresh start");
      await ev.ok("#swift next one");
    });
  });

  describe("clean", () => {
    it("removes now and next of that track only (clean and clear)", async () => {
      const ev = await fixture();
      for (const track of ["swift", "nova"]) {
        await ev.ok(`#${track} now a`);
        await ev.ok(`#${track} next b`);
      }
      const reply = await ev.reply("#swift clean");
      expect(reply).toContain("#swift");
      let swift = await ev.track("swift");
      expect([swift.now, swift.next]).toEqual([null, []]);
      const nova = await ev.track("nova");
      expect([nova.now?.topic, nova.next]).toEqual(["a", ["b"]]);

      await ev.ok("#nova CLEAR");
      swift = await ev.track("nova");
      expect([swift.now, swift.next]).toEqual([null, []]);
    });

    it("refuses parameters", async () => {
      const ev = refusing();
      expect(await ev.refused("#swift clean now")).toBe(
        "'#swift clean' does not take any parameter",
      );
    });
  });

  describe("etherpad", () => {
    it("sets a link and goes back to the generated one with auto", async () => {
      const ev = await fixture();
      const pad = "https://pad.example.org/p/swift-notes";
      expect(await ev.reply(`#swift etherpad ${pad}`)).toContain(pad);
      let swift = await ev.track("swift");
      expect([swift.etherpad, swift.etherpadCustom]).toEqual([pad, true]);

      const state = await ev.state();
      const generated = `${state.etherpadBase}/${ev.slug}-swift`;
      expect(await ev.reply("#swift etherpad AUTO")).toContain(generated);
      swift = await ev.track("swift");
      expect([swift.etherpad, swift.etherpadCustom]).toEqual([generated, false]);
      expect((await ev.exported()).etherpads).toEqual({});
    });

    it.each([
      ["#swift etherpad", "Usage: #swift etherpad URL|auto"],
      ["#swift etherpad https://a.example.org https://b.example.org", "Usage"],
      ["#swift etherpad javascript:alert(1)", "not an http(s) URL"],
      ["#swift etherpad data:text/html,x", "not an http(s) URL"],
      ["#swift etherpad pad.example.org/p/x", "not an http(s) URL"],
    ])("refuses %j", async (text, expected) => {
      const ev = refusing();
      expect(await ev.refused(text)).toContain(expected);
    });
  });

  describe("url", () => {
    it("sets the meeting link and removes it with none", async () => {
      const ev = await fixture();
      const link = "https://meet.example.org/swift";
      expect(await ev.reply(`#swift url ${link}`)).toContain(link);
      expect((await ev.track("swift")).url).toBe(link);
      expect((await ev.exported()).urls).toEqual({ swift: link });

      expect(await ev.reply("#swift url none")).toContain("#swift");
      expect((await ev.track("swift")).url).toBeNull();
      expect((await ev.exported()).urls).toEqual({});
    });

    it.each([
      ["#swift url", "Usage: #swift url URL|jitsi|none"],
      ["#swift url https://a.example.org none", "Usage"],
      ["#swift url javascript:alert(1)", "not an http(s) URL"],
      ["#swift url ftp://files.example.org/swift", "not an http(s) URL"],
    ])("refuses %j", async (text, expected) => {
      const ev = refusing();
      expect(await ev.refused(text)).toContain(expected);
    });
  });

  describe("color", () => {
    it.each([
      ["#abc", "#abc"],
      ["#A1B2C3", "#a1b2c3"],
      ["rgb(1,2,3)", "rgb(1,2,3)"],
      ["teal", "teal"],
      ["Teal", "teal"],
      ["rgb(1, 2, 3)", "rgb(1, 2, 3)"],
    ])("accepts %j", async (value, stored) => {
      const ev = await fixture();
      expect(await ev.reply(`#swift color ${value}`)).toContain(stored);
      expect((await ev.track("swift")).color).toBe(stored);
    });

    it("answers to colour too", async () => {
      const ev = await fixture();
      await ev.ok("#swift colour hsl(120,50%,50%)");
      expect((await ev.track("swift")).color).toBe("hsl(120,50%,50%)");
    });

    it.each([
      ["#swift color red;background:url(x)", "is not a colour"],
      ["#swift color url(javascript:alert(1))", "is not a colour"],
      ["#swift color #abcg", "is not a colour"],
      ["#swift color", "Usage: #swift color COLOR"],
      ["#swift color red blue", "is not a colour"],
    ])("refuses %j", async (text, expected) => {
      const ev = refusing();
      expect(await ev.refused(text)).toContain(expected);
    });
  });

  describe("location", () => {
    it("sets where the track meets", async () => {
      const ev = await fixture();
      expect(await ev.reply("#swift location Ballroom Z (2nd floor)")).toContain(
        "Ballroom Z (2nd floor)",
      );
      expect((await ev.track("swift")).location).toBe("Ballroom Z (2nd floor)");
    });

    it("refuses an empty location", async () => {
      const ev = refusing();
      expect(await ev.refused("#swift location")).toContain("Missing location");
    });
  });

  describe("book", () => {
    it("books an available slot", async () => {
      const ev = await fixture();
      expect(await ev.reply("#swift book Aspen-FriP1")).toBe(
        "Room Aspen is now booked on FriP1 for swift",
      );
      expect(await ev.booking("Aspen", "FriP1")).toBe("swift");
    });

    it("books a room whose name has spaces, case-insensitively", async () => {
      const ev = await fixture();
      expect(await ev.reply("#swift book Ballroom C-FriA1")).toBe(
        "Room Ballroom C is now booked on FriA1 for swift",
      );
      expect(await ev.reply("#swift book ballroom c-fria2")).toBe(
        "Room Ballroom C is now booked on FriA2 for swift",
      );
      expect(await ev.booking("Ballroom C", "FriA1")).toBe("swift");
      expect(await ev.booking("Ballroom C", "FriA2")).toBe("swift");
    });

    it("books a room whose name has an apostrophe", async () => {
      const ev = await fixture();
      expect(await ev.reply("#swift book Pike's Peak-MonA1")).toBe(
        "Room Pike's Peak is now booked on MonA1 for swift",
      );
      expect(await ev.booking("Pike's Peak", "MonA1")).toBe("swift");
    });

    it("takes the slot after the last dash, so room names may hold dashes", async () => {
      const ev = await plainEvent(store().db, ["swift"]);
      await importIntoEvent(ev.db, ev.slug, {
        slots: { Monday: [{ name: "MonA1", desc: "09:00-10:45" }] },
        schedule: { "Room-B": { MonA1: "" } },
      });
      expect(await ev.reply("#swift book room-b-MONA1")).toBe(
        "Room Room-B is now booked on MonA1 for swift",
      );
    });

    it.each([
      ["Ballroom A-FriA1", "booked for another track"],
      ["Ballroom C-MonA1", "already booked for this track"],
      ["Aspen-SunA1", "an unknown slot"],
      ["Nowhere-FriA1", "an unknown room"],
      ["AspenFriA1", "no dash"],
      ["-FriA1", "no room"],
      ["Aspen-", "no slot"],
    ])("refuses %j (%s)", async (where) => {
      const ev = refusing();
      expect(await ev.refused(`#swift book ${where}`)).toBe(
        `Slot '${where}' is invalid (or booked)`,
      );
    });

    it("refuses a missing slot", async () => {
      const ev = refusing();
      expect(await ev.refused("#swift book")).toContain("is invalid (or booked)");
    });
  });

  describe("unbook", () => {
    it("frees a slot booked for the track", async () => {
      const ev = await fixture();
      expect(await ev.reply("#swift unbook Vail-TueP2")).toBe(
        "Room Vail (previously booked for swift) is now free on TueP2",
      );
      expect(await ev.booking("Vail", "TueP2")).toBeNull();
    });

    it("matches the room and slot case-insensitively", async () => {
      const ev = await fixture();
      expect(await ev.reply("#swift unbook BALLROOM C-tuea1")).toBe(
        "Room Ballroom C (previously booked for swift) is now free on TueA1",
      );
      expect(await ev.booking("Ballroom C", "TueA1")).toBeNull();
    });

    it("lets another track book the freed slot", async () => {
      const ev = await fixture();
      await ev.ok("#swift unbook Vail-TueP2");
      await ev.ok("#nova book Vail-TueP2");
      expect(await ev.booking("Vail", "TueP2")).toBe("nova");
    });

    it.each([
      ["Ballroom A-FriA1", "booked for another track"],
      ["Aspen-FriP1", "available"],
      ["Vail-SunP2", "an unknown slot"],
      ["Nowhere-TueP2", "an unknown room"],
      ["VailTueP2", "no dash"],
    ])("refuses %j (%s)", async (where) => {
      const ev = refusing();
      expect(await ev.refused(`#swift unbook ${where}`)).toBe(
        `Slot '${where}' is invalid (or not booked for swift)`,
      );
    });
  });

  describe("who may", () => {
    it("lets anyone run track commands while voice is not required", async () => {
      const ev = await fixture();
      await ev.ok("#swift now from anyone", { actor: alice });
      expect((await ev.track("swift")).now?.topic).toBe("from anyone");
    });
  });
});
