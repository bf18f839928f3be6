// A property test over chat lines (fast-check), on every store: any line, from anyone at any
// power level, in an event holding the Denver schedule,
// - never causes an internal error (the core reports none, the result is never "error");
// - gets at most one reply, which the bot sends as at most MAX_REPLY_MESSAGES Matrix messages
//   (one when the sender's display name is short), and tells at most the event's subscribers;
// - when it is accepted and changes the event, leaves a state whose PTGbot export imports into
//   a fresh event and exports to the same document.
// Lines mix the commands' own words with hostile text: NUL, controls, lone surrogates, line
// separators, emoji, markup and very long words. `~fetchdb` is left out (it would fetch).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chatOperation } from "../../shared/commands/chat-operation.js";
import type { Actor } from "../../shared/operations/context.js";
import { storeKinds } from "../support/stores.js";
import { expectRoundTrip, say } from "./bot-messages.js";
import { fixtureEvent, sharedEvent, useStore } from "./support.js";

/** What the README promises: one reply per command line, in at most this many messages. */
const MAX_REPLY_MESSAGES = 2;
/** Up to this display name length, the reply is one message. */
const SHORT_NICK = 32;

const PEOPLE: { id: string; nick: string }[] = [
  { id: "@alice:example.org", nick: "Alice" },
  // Another person whose nick differs only in case.
  { id: "@alice2:example.org", nick: "alice" },
  { id: "@bob:irc.example.org", nick: "bob" },
  { id: "@zoe:example.org", nick: "Zoë 🦄" },
  { id: "@odd:example.org", nick: `\u0000odd\u0007\uD800 ${"n".repeat(250)}` },
  { id: "@pat:example.org", nick: "Patricia-the-long-display-name-of-sixty-four-characters-ok" },
];

const actorArb: fc.Arbitrary<Actor> = fc
  .record({ who: fc.constantFrom(...PEOPLE), powerLevel: fc.constantFrom(0, 1, 50, 100) })
  .map(({ who, powerLevel }) => ({ ...who, powerLevel }));

const HOSTILE = [
  "\u0000",
  "\u0001",
  "\u007f",
  "\u009b",
  "\t",
  "\n",
  "\r\n",
  "\u0085",
  "\u2028",
  "\uD800",
  "\uDC00",
  "\uD83E\uDD84",
  "…",
  "<b>x</b>",
  '"',
  "'",
  "\\",
  "\u202E",
  "\u200B",
];

const WORDS = [
  // tracks of the fixture, and some that are not
  "swift",
  "nova",
  "NOVA",
  "cinder",
  "#swift",
  "zed",
  "zed-2",
  "in",
  // user, track and admin commands
  "in",
  "out",
  "seen",
  "subscribe",
  "unsubscribe",
  "help",
  "now",
  "next",
  "clean",
  "etherpad",
  "url",
  "color",
  "colour",
  "location",
  "book",
  "unbook",
  "list",
  "add",
  "del",
  "clear",
  "newday",
  "motd",
  "reorder",
  "info",
  "danger",
  "requirevoice",
  "alloweveryone",
  "emptydb",
  "event",
  "name",
  "widget",
  // arguments
  "auto",
  "none",
  "1",
  "2",
  "999",
  "teal",
  "rgb(1, 2, 3)",
  "#0a7",
  "https://pad.example.org/p/x",
  "javascript:alert(1)",
  "Ballroom A-MonA1",
  "Aspen-TueB2",
  "(a+)+$",
  "swift|nova",
  "the pub",
];

const wordArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("x", "é", "🦄", "a b ", "\u0001"), fc.integer({ min: 60, max: 6000 }))
      .map(([unit, n]) => unit.repeat(n)),
  },
);

const separatorArb = fc.constantFrom(" ", " ", " ", "  ", "\t", "", "\u00a0");

/** Well-formed commands whose free text is anything: most are accepted. */
const TEMPLATES = [
  "#swift now ",
  "#nova next ",
  "#swift location ",
  "#cinder color ",
  "#swift url ",
  "#nova etherpad ",
  "#swift book ",
  "#swift unbook ",
  "+in ",
  "+seen ",
  "+subscribe ",
  "~add ",
  "~del ",
  "~clean ",
  "~motd add info ",
  "~motd del ",
  "~motd reorder ",
  "~name ",
  "~event ",
  "~list ",
];

const lineArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...TEMPLATES),
        fc.array(fc.tuple(wordArb, separatorArb), { minLength: 1, maxLength: 4 }),
      )
      .map(([command, words]) => command + words.map(([w, s]) => w + s).join("")),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "+out",
      "~newday",
      "~emptydb",
      "#swift clean",
      "~requirevoice",
      "~alloweveryone",
      "~widget",
      "+unsubscribe",
      "~motd clean",
      "~list",
      "+subscribe",
      "~event",
      "~name",
      "#help",
    ),
  },
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.constantFrom("#", "+", "~", "", " ", "> "),
        fc.array(fc.tuple(wordArb, separatorArb), { minLength: 1, maxLength: 6 }),
      )
      .map(([prefix, words]) => prefix + words.map(([w, s]) => w + s).join("")),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 80 }) },
);

/** `~fetchdb` would fetch from the network: left out. */
const fetches = (line: string): boolean => {
  const parsed = chatOperation(line, "event-room");
  return parsed.kind === "operation" && parsed.operation.kind === "admin.fetchDb";
};

describe.each(storeKinds())("any chat line (%s)", (kind) => {
  const store = useStore(kind);
  const event = sharedEvent(() => fixtureEvent(store().db));

  it("is answered briefly, never fails inside, and leaves an exportable state", async () => {
    const ev = event();
    const tally = { ignored: 0, refused: 0, unchanged: 0, changed: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(lineArb, actorArb), { minLength: 1, maxLength: 4 }),
        async (lines) => {
          for (const [line, actor] of lines) {
            if (fetches(line)) continue;
            const said = await say(ev, line, actor);
            const context = JSON.stringify(line).slice(0, 300);
            expect(said.errors, context).toEqual([]);
            if (said.outcome.status === "ignored") {
              tally.ignored++;
              continue;
            }
            expect(said.outcome.result, context).not.toBe("error");
            expect(said.replies.length, context).toBeLessThanOrEqual(1);
            const limit = actor.nick.length <= SHORT_NICK ? 1 : MAX_REPLY_MESSAGES;
            expect(said.messages, `${context} → ${said.replies.join()}`).toBeLessThanOrEqual(limit);
            expect(said.others, context).toBeLessThanOrEqual(PEOPLE.length);
            if (said.outcome.result !== "ok") tally.refused++;
            else if (said.outcome.status === "done" && said.outcome.version !== null) {
              tally.changed++;
              await expectRoundTrip(ev, context);
            } else tally.unchanged++;
          }
        },
      ),
      { numRuns: kind === "pglite" ? 150 : 100 },
    );
    // The lines reached every outcome, many of them changing the event.
    expect(tally.ignored).toBeGreaterThan(0);
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.unchanged).toBeGreaterThan(0);
    expect(tally.changed).toBeGreaterThan(10);
  }, 600_000);
});
