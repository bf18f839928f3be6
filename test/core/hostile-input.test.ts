// Hostile chat input (issue 14), on every store: huge lines get one short reply, NUL and broken
// Unicode get a clear reply and no internal error, nothing chat accepts breaks a backup, the
// number of tracks stays within what an import allows, and `~list` comes in pages.
import { describe, expect, it } from "vitest";
import { COUNT_LIMITS, LENGTH_LIMITS } from "../../shared/domain/input-rules.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { storeKinds } from "../support/stores.js";
import { expectRoundTrip, say } from "./bot-messages.js";
import {
  TestEvent,
  alice,
  fixtureEvent,
  mod,
  newSlug,
  plainEvent,
  sharedEvent,
  useStore,
} from "./support.js";

const KB64 = "x".repeat(64 * 1024);
/** Longest an excerpt of input may be in a reply: 64 code points and "…". */
const EXCERPT = LENGTH_LIMITS.excerpt + 1;

describe.each(storeKinds())("hostile chat input (%s)", (kind) => {
  const store = useStore(kind);
  const fixture = sharedEvent(() => fixtureEvent(store().db));

  describe("amplification: one short reply", () => {
    // The lines of the issue, from an attendee with no rights, and shorter ones that pass the
    // line limit and so reach the parser and the handlers.
    const lines = (word: string) => [
      `#${word} now x`,
      `#swift ${word}`,
      `+seen ${word}`,
      `#swift book ${word}-MonA1`,
      `#swift color ${word}`,
      `#swift url ${word}`,
      `#swift etherpad https://pad.example.org/${word}`,
      `#swift location ${word}`,
      `+in ${word}`,
      `+in #${word}`,
      `+subscribe ${word}`,
      `~add ${word}`,
      `~del ${word}`,
      `~motd add ${word} hi`,
      `~motd del ${word}`,
      `~${word}`,
      `#${word}`,
    ];
    const cases = [
      ...lines(KB64).map((line) => ({ line, words: "64 KB" })),
      ...lines("é".repeat(LENGTH_LIMITS.line - 40)).map((line) => ({ line, words: "4 KB" })),
      ...lines("🦄".repeat(1000)).map((line) => ({ line, words: "1,000 emoji" })),
    ];

    it.each(cases)("$words: $line.length characters", async ({ line }) => {
      for (const actor of [alice, mod]) {
        const said = await say(fixture(), line, actor);
        expect(said.errors).toEqual([]);
        expect(said.outcome).toMatchObject({ status: "done" });
        expect(said.replies).toHaveLength(1);
        expect(said.messages, said.replies[0]).toBe(1);
        expect(said.replies[0]?.length).toBeLessThanOrEqual(3 * EXCERPT + 100);
      }
    });

    it("refuses a line over the limit before parsing it, whoever sends it", async () => {
      const said = await say(fixture(), `#${KB64} now x`, alice);
      expect(said.replies).toEqual(["That message is too long (at most 4096 characters)"]);
      expect(said.outcome).toMatchObject({ result: "refused", version: null });
    });

    it("quotes at most an excerpt of a name it does not know", async () => {
      const word = "y".repeat(3000);
      const said = await say(fixture(), `#${word} now x`, mod);
      expect(said.replies).toEqual([`Unknown track '${"y".repeat(64)}…'`]);
    });

    it("ignores long chat that does not address the bot", async () => {
      expect((await say(fixture(), `hello ${KB64}`, alice)).outcome).toEqual({
        status: "ignored",
      });
      expect((await say(fixture(), `hello \u0000 there`, alice)).outcome).toEqual({
        status: "ignored",
      });
    });
  });

  describe("NUL, control characters and broken Unicode", () => {
    it.each([
      ["#swift now a\u0000b", "That message must not contain a NUL character"],
      ["+in the\u0000pub", "That message must not contain a NUL character"],
      ["\u0000", null],
      ["+seen \uD800", "That message must not contain broken Unicode (a lone surrogate)"],
      ["#swift now \uDC00x", "That message must not contain broken Unicode (a lone surrogate)"],
      ["+in the\u0001pub", "That message must not contain control characters (U+0001)"],
      ["~motd add info a\u007Fb", "That message must not contain control characters (U+007F)"],
      ["#swift location a\u009Bb", "That message must not contain control characters (U+009B)"],
    ])("%j gets a clear reply, is logged, and changes nothing", async (line, reply) => {
      const ev = fixture();
      const before = await ev.snapshot();
      const said = await say(ev, line, alice);
      expect(said.errors).toEqual([]);
      if (reply === null) {
        expect(said.outcome).toEqual({ status: "ignored" });
      } else {
        expect(said.outcome).toMatchObject({ status: "done", result: "refused" });
        expect(said.replies).toEqual([reply]);
        // Logged, so a redelivered message is not answered twice.
        expect(said.outcome.status === "done" && said.outcome.logId).not.toBeNull();
      }
      expect(await ev.snapshot()).toEqual(before);
    });

    it("keeps NUL and lone surrogates out of the command log", async () => {
      const ev = fixture();
      const said = await say(ev, "+seen a\u0000\uD800b", alice);
      expect(said.errors).toEqual([]);
      expect(said.outcome).toMatchObject({ result: "refused" });
    });

    it("stores a display name with controls as a storable nick", async () => {
      const ev = await plainEvent(store().db, ["swift"]);
      const odd = {
        ...alice,
        id: "@odd:example.org",
        nick: `\u0000Zoë\u0007\uD800${"z".repeat(200)}`,
      };
      await ev.ok("+in the pub", { actor: odd });
      const nick = Object.values((await ev.exported()).last_check_in)[0]?.nick ?? "";
      expect(nick).toBe(`\uFFFDZoë\uFFFD\uFFFD${"z".repeat(94)}`);
      await expectRoundTrip(ev, "odd nick");
    });
  });

  describe("backups: whatever chat accepts imports back", () => {
    it("refuses +in the<0x01>pub, so the export still imports", async () => {
      const ev = await plainEvent(store().db, ["swift"]);
      expect(await ev.refused("+in the\u0001pub", { actor: alice })).toBe(
        "That message must not contain control characters (U+0001)",
      );
      await expectRoundTrip(ev, "after the refusal");
    });

    it("turns tabs and line breaks into spaces, and the export imports", async () => {
      const ev = await plainEvent(store().db, ["swift"]);
      await ev.ok("+in the\tpub", { actor: alice });
      await ev.ok("#swift now ring\u2028placement\u0085today");
      await ev.ok("#swift location Room\t101");
      const exported = await ev.exported();
      expect(exported.last_check_in.alice?.location).toBe("the pub");
      expect(exported.now.swift).toBe("ring placement today");
      expect(exported.location.swift).toBe("Room 101");
      await expectRoundTrip(ev, "normalized text");
    });

    it("holds ~name, ~motd and +subscribe to the import's limits", async () => {
      const ev = await plainEvent(store().db, ["swift"]);
      expect(await ev.refused(`~name ${"n".repeat(101)}`)).toBe(
        "The event name is too long (at most 100 characters)",
      );
      expect(await ev.refused(`~motd add info ${"m".repeat(501)}`)).toBe(
        "The banner is too long (at most 500 characters)",
      );
      expect(await ev.refused(`+subscribe ${"s".repeat(201)}`, { actor: alice })).toBe(
        "The pattern is too long (at most 200 characters)",
      );
    });
  });

  describe("counts", () => {
    /** An event with `count` tracks t0001…, loaded by an import. */
    async function eventWithTracks(count: number): Promise<TestEvent> {
      const slug = newSlug();
      const tracks = Array.from({ length: count }, (_, i) => `t${String(i).padStart(4, "0")}`);
      await importIntoEvent(store().db, slug, { eventid: slug, tracks });
      return new TestEvent(store().db, slug);
    }

    it("caps ~add at the import's track limit, so that the export imports", async () => {
      const ev = await eventWithTracks(COUNT_LIMITS.tracks - 2);
      const said = await say(ev, "~add za zb zc", mod);
      expect(said.replies).toEqual([
        `That would make ${COUNT_LIMITS.tracks + 1} tracks (at most ${COUNT_LIMITS.tracks})`,
      ]);
      expect(await ev.reply("~add za zb")).toBe("Added tracks: za zb");
      expect(await ev.refused("~add zc")).toBe(
        `That would make ${COUNT_LIMITS.tracks + 1} tracks (at most ${COUNT_LIMITS.tracks})`,
      );
      await expectRoundTrip(ev, "a full event");
    });

    it("summarizes a long ~add in one message", async () => {
      const ev = await plainEvent(store().db);
      const names = Array.from({ length: 200 }, (_, i) => `track-number-${i}`);
      const said = await say(ev, `~add ${names.join(" ")}`, mod);
      expect(said.messages).toBe(1);
      expect(said.replies[0]).toMatch(
        /^Added tracks: track-number-0 track-number-1 .* and \d+ more$/,
      );
    });

    it("shows a long ~list a page at a time, one message each", async () => {
      const ev = await eventWithTracks(COUNT_LIMITS.tracks);
      const first = await say(ev, "~list", mod);
      expect(first.messages).toBe(1);
      const pages = Number(/page 1 of (\d+) \(500 tracks\)/.exec(first.replies[0] ?? "")?.[1]);
      expect(pages).toBeGreaterThan(1);
      const seen: string[] = [];
      for (let page = 1; page <= pages; page++) {
        const said = await say(ev, `~list ${page}`, mod);
        expect(said.messages).toBe(1);
        const reply = said.replies[0] ?? "";
        expect(reply.startsWith(`Available tracks, page ${page} of ${pages}`)).toBe(true);
        expect(reply.endsWith(`(~list ${page + 1} for more)`)).toBe(page < pages);
        seen.push(...(reply.match(/\bt\d{4}\b/g) ?? []));
      }
      expect(seen).toEqual((await ev.state()).tracks.map((t) => t.name).sort());
      expect((await say(ev, `~list ${pages + 1}`, mod)).replies).toEqual([
        `There are ${pages} pages of tracks: ~list 1 to ~list ${pages}`,
      ]);
      expect(await ev.refused("~list two")).toBe("Usage: ~list [PAGE]");
    });

    it("keeps a short ~list as it was", async () => {
      const ev = await plainEvent(store().db, ["swift", "nova"]);
      expect(await ev.reply("~list")).toBe("Available tracks: nova swift");
    });
  });
});
