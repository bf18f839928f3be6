// The event's venue settings, as one admin kind: `~timezone [ZONE|none]`, `~firstday
// [YYYY-MM-DD|none]`, `~irc [ircs://HOST/#CHANNEL|none]`; without a value each shows the
// current one. Run by handlers/admin-venue.ts.
import * as handlers from "../handlers/admin-venue.js";
import type { KindDef } from "../kind.js";

/** The event's venue settings an admin sets from chat. */
export type VenueSetting = "timezone" | "firstday" | "irc";
const SETTINGS = ["timezone", "firstday", "irc"] as const satisfies readonly VenueSetting[];

/** `value: null` shows the setting; "none" clears it. */
export type VenueInput = { kind: "admin.venue"; setting: VenueSetting; value: string | null };
/** `shown`: the setting was only shown; `value` null: not set. */
export type VenueResult = {
  kind: "admin.venue";
  setting: VenueSetting;
  value: string | null;
  shown: boolean;
};

const WORDS: Record<VenueSetting, { name: string; usage: string }> = {
  timezone: { name: "Time zone", usage: "~timezone ZONE (e.g. Europe/Berlin)" },
  firstday: { name: "First day", usage: "~firstday YYYY-MM-DD" },
  irc: { name: "IRC channel", usage: "~irc ircs://HOST/#CHANNEL" },
};

const isSetting = (word: string): word is VenueSetting =>
  (SETTINGS as readonly string[]).includes(word);

export const venue: KindDef<VenueInput, VenueResult> = {
  kind: "admin.venue",
  scope: "admin",
  chat: {
    prefix: "~",
    words: SETTINGS,
    example: "~timezone Europe/Berlin",
    brief: "~timezone ~firstday ~irc",
    parse: (args) =>
      isSetting(args.word)
        ? { kind: "admin.venue", setting: args.word, value: args.text === "" ? null : args.text }
        : null,
  },
  help: [
    {
      syntax: "~timezone [ZONE|none]",
      what: "Shows or sets the venue's time zone (e.g. Europe/Berlin): the page shows venue time.",
    },
    {
      syntax: "~firstday [YYYY-MM-DD|none]",
      what: "Shows or sets the date of the first day: slots labelled like 09:00-10:45 get real times.",
    },
    {
      syntax: "~irc [ircs://HOST/#CHANNEL|none]",
      what: "Shows or sets the event's IRC channel, linked from the page's Where to talk.",
    },
  ],
  run: (ctx, op) => handlers.venue(ctx, op),
  render: (result) => {
    const { name, usage } = WORDS[result.setting];
    if (result.shown) {
      return result.value === null
        ? `${name}: not set (${usage} sets it)`
        : `${name}: ${result.value}`;
    }
    return result.value === null ? `${name} cleared` : `${name} is now ${result.value}`;
  },
  changes: () => undefined,
  widget: null,
};
