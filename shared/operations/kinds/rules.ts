// Booking rules (issue 22): `~rules` shows them (anyone), `~rules perday HOURS`, `~rules total
// HOURS` and `~rules none` set them (admins). Off by default. Run by handlers/booking-rules.ts;
// bookings are checked against them in handlers/booking.ts.
import * as handlers from "../handlers/booking-rules.js";
import type { ChatArgs, HelpLine, KindDef } from "../kind.js";

export type ShowInput = { kind: "rules.show" };
export type SetInput =
  | { kind: "rules.set"; rule: "perday" | "total"; amount: number }
  | { kind: "rules.set"; rule: "none" };
/** `text`: the rules in words, and how hours are counted. */
export type RulesResult<K extends "rules.show" | "rules.set"> = { kind: K; text: string };

/** The most hours a rule may say (a fortnight of days). */
const MAX_HOURS = 336;
const USAGE = "Usage: ~rules [perday HOURS|total HOURS|none] (HOURS: a positive number)";
const BRIEF = "~rules";
const RULES: HelpLine = {
  syntax: "~rules [perday HOURS|total HOURS|none]",
  what: "Shows the booking rules; an admin sets the most a track books on one day or in total, or clears them. Hours come from the slots' real times, else from labels like 09:00-10:45, else one slot counts as one. A booking past a rule is refused, except an admin's.",
};

function parseSet(args: ChatArgs): SetInput | ReturnType<ChatArgs["invalid"]> | null {
  const [rule, value, ...rest] = args.words.map((w) => w.toLowerCase());
  if (rule === undefined) return null;
  if (rule === "none" && value === undefined) return { kind: "rules.set", rule: "none" };
  if ((rule !== "perday" && rule !== "total") || value === undefined || rest.length > 0) {
    return args.invalid(USAGE);
  }
  const hours = /^\d{1,4}(\.\d{1,2})?$/.test(value) ? Number(value) : Number.NaN;
  if (!(hours > 0 && hours <= MAX_HOURS)) return args.invalid(USAGE);
  return { kind: "rules.set", rule, amount: hours };
}

export const show: KindDef<ShowInput, RulesResult<"rules.show">> = {
  kind: "rules.show",
  scope: "anyone",
  chat: {
    prefix: "~",
    words: ["rules"],
    example: "~rules",
    brief: BRIEF,
    parse: (args) => (args.words.length === 0 ? { kind: "rules.show" } : null),
  },
  help: [RULES],
  run: (ctx, op) => handlers.show(ctx, op),
  render: (result) => result.text,
  changes: () => ({}),
  widget: null,
};

export const set: KindDef<SetInput, RulesResult<"rules.set">> = {
  kind: "rules.set",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["rules"],
    example: "~rules perday 4",
    brief: BRIEF,
    parse: parseSet,
  },
  help: [RULES],
  run: (ctx, op) => handlers.set(ctx, op),
  render: (result) => result.text,
  changes: () => ({ parts: ["settings"] }),
  widget: null,
};
