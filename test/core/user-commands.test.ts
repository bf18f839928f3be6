// User commands (+in, +out, +seen, +subscribe, +unsubscribe) in event rooms and DMs, and the
// notifications subscribers get (patterns run in time linear in the input).
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { compilePattern, patternMatches } from "../../shared/domain/patterns.js";
import { formatTimestamp } from "../../shared/domain/timestamp.js";
import { MAX_TEXT_LENGTH } from "../../shared/domain/validate.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { storeKinds } from "../support/stores.js";
import {
  MONDAY,
  TUESDAY,
  alice,
  bob,
  fixtureEvent,
  johndoe,
  mondayAt,
  sharedEvent,
  useStore,
  type TestEvent,
} from "./support.js";

const checkedIn = async (ev: TestEvent, track: string) =>
  (await ev.track(track)).checkedIn.map((p) => p.nick);

const subscription = async (ev: TestEvent, personKey: string) => {
  const row = await ev.db
    .selectFrom("subscriptions")
    .select("pattern")
    .where("event_id", "=", await ev.id())
    .where("person_key", "=", personKey)
    .executeTakeFirst();
  return row?.pattern;
};

describe("patternMatches", () => {
  it("matches anywhere in the text, case-insensitively", () => {
    expect(patternMatches("swift", "#swift now erasure codes")).toBe(true);
    expect(patternMatches("SWIFT", "#swift now erasure codes")).toBe(true);
    expect(patternMatches("^#swift now", "#swift now erasure codes")).toBe(true);
    expect(patternMatches("^#nova", "#swift now with #nova")).toBe(false);
    expect(patternMatches("cinder|manila", "#nova now multi-attach with #cinder")).toBe(true);
  });

  it("matches nothing with an invalid pattern", () => {
    expect(patternMatches("(", "(")).toBe(false);
  });

  it("refuses invalid and overlong patterns when compiling", () => {
    expect(() => compilePattern("(")).toThrow();
    expect(() => compilePattern("a".repeat(201))).toThrow(/200/);
    expect(compilePattern("a".repeat(200))).toBeDefined();
  });

  it("runs a catastrophic-backtracking pattern on a long input to the end", () => {
    const input = "a".repeat(100_000) + "b";
    expect(patternMatches("(a+)+$", input)).toBe(false);
    expect(patternMatches("(a|aa)+$", input)).toBe(false);
    expect(patternMatches("(a*)*b$", input)).toBe(true);
  });
});

describe.each(storeKinds())("user commands (%s)", (kind) => {
  const store = useStore(kind);
  const fixture = () => fixtureEvent(store().db);
  // Refused commands change nothing (each test checks that), so they share one event.
  const refusing = sharedEvent(async () => {
    const ev = await fixture();
    await ev.ok("+in #nova", { actor: alice });
    await ev.ok("+subscribe swift", { actor: alice });
    return ev;
  });

  describe("in", () => {
    it("checks into a track", async () => {
      const ev = await fixture();
      const outcome = await ev.ok("+in #swift", { actor: alice, now: mondayAt(10, 12) });
      expect(outcome.reply).toBe("OK, checked into #swift - thanks for the update!");
      expect((await ev.track("swift")).checkedIn).toEqual([
        { nick: "Alice", since: mondayAt(10, 12).toISOString() },
      ]);
    });

    it("takes #in, any case, and a track name in any case", async () => {
      const ev = await fixture();
      expect(await ev.reply("#IN #SWIFT", { actor: alice })).toBe(
        "OK, checked into #swift - thanks for the update!",
      );
      expect(await checkedIn(ev, "swift")).toEqual(["Alice"]);
    });

    it("turns a bare word that is a track into #track", async () => {
      const ev = await fixture();
      expect(await ev.reply("+in Nova", { actor: alice })).toBe(
        "OK, checked into #nova - thanks for the update!",
      );
      expect(await checkedIn(ev, "nova")).toEqual(["Alice"]);
    });

    it("takes a free-form place", async () => {
      const ev = await fixture();
      expect(await ev.reply("+in the pub", { actor: alice })).toBe(
        "OK, checked into the pub - thanks for the update!",
      );
      expect(await ev.reply("+in lobby", { actor: bob })).toBe(
        "OK, checked into lobby - thanks for the update!",
      );
      expect((await ev.state()).tracks.flatMap((t) => t.checkedIn)).toEqual([]);
      expect(await ev.reply("+seen alice")).toContain("the pub");
    });

    it("moves someone who checks in elsewhere", async () => {
      const ev = await fixture();
      await ev.ok("+in #swift", { actor: alice });
      await ev.ok("+in #nova", { actor: alice });
      expect(await checkedIn(ev, "swift")).toEqual([]);
      expect(await checkedIn(ev, "nova")).toEqual(["Alice"]);
    });

    it("refuses an unknown track", async () => {
      const ev = refusing();
      expect(await ev.refused("+in #foo", { actor: alice })).toBe("Unrecognised track #foo");
    });

    it("refuses a missing place", async () => {
      const ev = refusing();
      expect(await ev.refused("+in", { actor: alice })).toBe(
        "The 'in' command should be followed by a location.",
      );
    });
  });

  describe("out", () => {
    it("checks out, keeping where and when", async () => {
      const ev = await fixture();
      await ev.ok("+in #swift", { actor: alice, now: mondayAt(9) });
      expect(await ev.reply("+out", { actor: alice, now: mondayAt(10, 12) })).toBe(
        "OK, checked out of #swift - thanks for the update!",
      );
      expect(await checkedIn(ev, "swift")).toEqual([]);
      expect((await ev.exported()).last_check_in).toEqual({
        alice: {
          nick: "Alice",
          location: "#swift",
          in: formatTimestamp(mondayAt(9)),
          out: formatTimestamp(mondayAt(10, 12)),
        },
      });
    });

    it("refuses a second out, saying where and when", async () => {
      const ev = await fixture();
      await ev.ok("+in #swift", { actor: alice, now: mondayAt(9) });
      await ev.ok("+out", { actor: alice, now: mondayAt(10, 12) });
      const reply = await ev.refused("+out", { actor: alice, now: mondayAt(11) });
      expect(reply).toMatch(/^You already checked out of #swift at /);
      expect(reply).toContain(formatTimestamp(mondayAt(10, 12)));
    });

    it("refuses someone who never checked in", async () => {
      const ev = await fixture();
      await ev.ok("+in #swift", { actor: bob });
      expect(await ev.refused("+out", { actor: alice })).toBe(
        "You weren't checked in anywhere yet!",
      );
    });

    it("refuses parameters", async () => {
      const ev = refusing();
      expect(await ev.refused("+out now", { actor: alice })).toBe(
        "The 'out' command does not accept any extra parameters.",
      );
    });

    it("lets someone check in again after checking out", async () => {
      const ev = await fixture();
      await ev.ok("+in #swift", { actor: alice });
      await ev.ok("+out", { actor: alice });
      await ev.ok("+in #nova", { actor: alice, now: mondayAt(14) });
      expect(await checkedIn(ev, "nova")).toEqual(["Alice"]);
      expect(await ev.reply("+out", { actor: alice })).toContain("#nova");
    });
  });

  describe("seen", () => {
    it.each(["JohnDoe", "johndoe", "JOHNDOE", "jdoe", "@jdoe:example.org", "@JDoe:Example.org"])(
      "finds someone by nick, Matrix id or localpart: %s",
      async (who) => {
        const ev = await fixture();
        await ev.ok("+in #swift", { actor: johndoe, now: mondayAt(10, 12) });
        expect(await ev.reply(`+seen ${who}`, { actor: alice })).toBe(
          `JohnDoe was last seen in #swift at ${formatTimestamp(mondayAt(10, 12))} UTC`,
        );
      },
    );

    it("says when someone checked out", async () => {
      const ev = await fixture();
      await ev.ok("+in #swift", { actor: johndoe, now: mondayAt(9) });
      await ev.ok("+out", { actor: johndoe, now: mondayAt(11, 30) });
      const reply = await ev.reply("#seen johndoe", { actor: alice });
      expect(reply).toMatch(/^JohnDoe checked out of #swift at /);
      expect(reply).toContain(formatTimestamp(mondayAt(11, 30)));
    });

    it("says when someone never checked in, changing nothing", async () => {
      const ev = await fixture();
      await ev.ok("+in #swift", { actor: johndoe });
      const version = await ev.version();
      const outcome = await ev.ok("+seen dahu", { actor: alice });
      expect(outcome.reply).toBe("dahu never checked in anywhere");
      expect(outcome.version).toBeNull();
      expect(await ev.version()).toBe(version);
    });

    it("finds people imported from PTGbot by nick, and only by nick", async () => {
      const ev = await fixture();
      await importIntoEvent(ev.db, ev.slug, {
        last_check_in: {
          bob: { nick: "Bob", location: "#nova", in: "2024-04-08 10:12:00", out: null },
        },
      });
      expect(await ev.reply("+seen BOB", { actor: alice })).toBe(
        "Bob was last seen in #nova at 2024-04-08 10:12:00 UTC",
      );
      // The stored key is "nick:bob"; no part of it other than the nick names the person.
      expect(await ev.reply("+seen ick", { actor: alice })).toBe("ick never checked in anywhere");
      expect(await ev.reply("+seen nick", { actor: alice })).toBe("nick never checked in anywhere");
    });

    it.each(["+seen", "+seen alice bob"])("refuses %j", async (text) => {
      const ev = refusing();
      expect(await ev.refused(text, { actor: alice })).toBe(
        "The 'seen' command needs a single nick argument.",
      );
    });
  });

  describe("subscribe and unsubscribe", () => {
    it("shows, sets and changes the subscription", async () => {
      const ev = await fixture();
      const none = await ev.ok("+subscribe", { actor: alice });
      expect([none.reply, none.version]).toEqual([
        "You don't have a subscription regex set yet",
        null,
      ]);

      expect(await ev.reply("+subscribe swift", { actor: alice })).toBe(
        "Subscription set to swift",
      );
      expect(await subscription(ev, alice.id)).toBe("swift");
      expect(await ev.reply("+subscribe", { actor: alice })).toBe(
        "Your current subscription regex is: swift",
      );

      expect(await ev.reply("+subscribe nova|cinder now", { actor: alice })).toBe(
        "Subscription set to nova|cinder now (was swift)",
      );
      expect(await subscription(ev, alice.id)).toBe("nova|cinder now");
    });

    it("keeps one subscription per person", async () => {
      const ev = await fixture();
      await ev.ok("+subscribe swift", { actor: alice });
      await ev.ok("+subscribe nova", { actor: bob });
      expect(await subscription(ev, alice.id)).toBe("swift");
      expect(await subscription(ev, bob.id)).toBe("nova");
      expect(await ev.reply("+subscribe", { actor: bob })).toBe(
        "Your current subscription regex is: nova",
      );
    });

    it.each(["(", "swift[", "a{2,1}", "(?<"])("refuses the invalid pattern %j", async (pattern) => {
      const ev = refusing();
      expect(await ev.refused(`+subscribe ${pattern}`, { actor: alice })).toMatch(
        /^Invalid regex: ./,
      );
    });

    it("refuses a pattern over 200 characters, as an import would", async () => {
      const ev = refusing();
      expect(await ev.refused(`+subscribe ${"x".repeat(201)}`, { actor: alice })).toBe(
        "The pattern is too long (at most 200 characters)",
      );
    });

    it("cancels a subscription", async () => {
      const ev = await fixture();
      await ev.ok("+subscribe swift", { actor: alice });
      expect(await ev.reply("+unsubscribe", { actor: alice })).toBe("Cancelled subscription swift");
      expect(await subscription(ev, alice.id)).toBeUndefined();
      expect(await ev.reply("+subscribe", { actor: alice })).toBe(
        "You don't have a subscription regex set yet",
      );
    });

    it("says so when there is nothing to cancel, changing nothing", async () => {
      const ev = await fixture();
      await ev.ok("+subscribe swift", { actor: bob });
      const outcome = await ev.ok("#unsubscribe", { actor: alice });
      expect([outcome.reply, outcome.version]).toEqual([
        "You don't have a subscription regex set yet",
        null,
      ]);
      expect(await subscription(ev, bob.id)).toBe("swift");
    });

    it("refuses parameters to unsubscribe", async () => {
      const ev = refusing();
      expect(await ev.refused("+unsubscribe swift", { actor: alice })).toContain("unsubscribe");
    });
  });

  describe("in a direct message", () => {
    const dm = { venue: "direct" as const, chatRoomId: "!dm-alice:example.org", actor: alice };

    it("takes user commands with or without a prefix", async () => {
      const ev = await fixture();
      expect(await ev.reply("in #swift", { ...dm, now: mondayAt(10) })).toBe(
        "OK, checked into #swift - thanks for the update!",
      );
      expect(await ev.reply("+seen Alice", dm)).toBe(
        `Alice was last seen in #swift at ${formatTimestamp(mondayAt(10))} UTC`,
      );
      expect(await ev.reply("#subscribe swift", dm)).toBe("Subscription set to swift");
      expect(await ev.reply("out", dm)).toBe("OK, checked out of #swift - thanks for the update!");
    });

    it.each(["#swift now hijacked", "~emptydb", "~list", "hello", "now foo"])(
      "refuses %j as an unknown user command",
      async (text) => {
        const ev = refusing();
        // Even a moderator cannot run track or admin commands from a DM.
        expect(await ev.refused(text, { ...dm, actor: { ...alice, powerLevel: 100 } })).toBe(
          "Unknown user command. Should be: in, out, seen, or subscribe",
        );
      },
    );
  });

  describe("notifications", () => {
    it("tells a matching subscriber about now, with the track's room", async () => {
      const ev = await fixture();
      await ev.ok("+subscribe swift", { actor: alice });
      const outcome = await ev.ok("#swift now foo", { actor: bob, now: MONDAY });
      expect(outcome.notifications).toEqual([
        { personKey: alice.id, nick: alice.nick, text: "now in #swift (Ballroom C): foo" },
      ]);
    });

    it("tells about next, and leaves out the location when there is none", async () => {
      const ev = await fixture();
      await ev.ok("+subscribe swift", { actor: alice });
      const outcome = await ev.ok("#swift next bar", { actor: bob });
      expect(outcome.notifications).toEqual([
        { personKey: alice.id, nick: alice.nick, text: "next in #swift: bar" },
      ]);
      await ev.ok("#swift location the hallway");
      expect((await ev.ok("#swift next baz")).notifications).toEqual([
        { personKey: alice.id, nick: alice.nick, text: "next in #swift (the hallway): baz" },
      ]);
    });

    it("matches the pattern against '#track now sentence'", async () => {
      const ev = await fixture();
      await ev.ok("+subscribe ^#nova now", { actor: alice });
      await ev.ok("+subscribe CINDER", { actor: bob });
      await ev.ok("+subscribe ^#nova next", { actor: johndoe });
      const outcome = await ev.ok("#nova now multi-attach with #cinder", { now: TUESDAY });
      expect(outcome.notifications.map((n) => n.personKey).sort()).toEqual([alice.id, bob.id]);
      expect(outcome.notifications[0]?.text).toBe(
        "now in #nova (Ballroom A): multi-attach with #cinder",
      );
    });

    it("tells nobody whose pattern does not match", async () => {
      const ev = await fixture();
      await ev.ok("+subscribe nova", { actor: alice });
      expect((await ev.ok("#swift now foo")).notifications).toEqual([]);
      expect((await ev.ok("#swift next foo")).notifications).toEqual([]);
    });

    it("tells nobody after unsubscribe, nor about other commands", async () => {
      const ev = await fixture();
      await ev.ok("+subscribe swift", { actor: alice });
      expect((await ev.ok("#swift location somewhere")).notifications).toEqual([]);
      expect((await ev.ok("#swift clean")).notifications).toEqual([]);
      await ev.ok("+unsubscribe", { actor: alice });
      expect((await ev.ok("#swift now foo")).notifications).toEqual([]);
    });

    it("only tells subscribers of the same event", async () => {
      const ev = await fixture();
      const other = await fixture();
      await other.ok("+subscribe swift", { actor: alice });
      expect((await ev.ok("#swift now foo")).notifications).toEqual([]);
    });

    it("survives a hostile pattern against the longest topic", async () => {
      const ev = await fixture();
      await ev.ok("+subscribe (a+)+$", { actor: alice });
      await ev.ok("+subscribe (a+)+b$", { actor: bob });
      const topic = "a".repeat(MAX_TEXT_LENGTH - 1) + "b";
      const outcome = await ev.ok(`#swift now ${topic}`);
      expect(outcome.notifications.map((n) => n.personKey)).toEqual([bob.id]);
      expect((await ev.track("swift")).now?.topic).toBe(topic);
    });
  });

  it("ignores chat in an event room: nothing logged, nothing changed", async () => {
    const ev = await fixture();
    const before = await ev.snapshot();
    const outcome = await ev.run("hey bot, wazzup", { actor: alice, messageId: "$chat-1" });
    expect(outcome).toEqual({ status: "ignored" });
    expect(await ev.snapshot()).toEqual(before);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from command_log where message_id = '$chat-1'`.execute(ev.db);
    expect(rows[0]?.n).toBe(0);
  });

  it("lets anyone run user commands when voice is required", async () => {
    const ev = await fixture();
    await ev.ok("~requirevoice");
    await ev.ok("+in #swift", { actor: alice, now: MONDAY });
    expect(await checkedIn(ev, "swift")).toEqual(["Alice"]);
  });
});
