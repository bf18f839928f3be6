// Presence kinds, for anyone about themselves: `+in PLACE`, `+out`, `+seen NICK`. Run by
// handlers/people.ts; the first two also from the widget.
import { excerpt } from "../../domain/input-rules.js";
import { formatTimestamp } from "../../domain/timestamp.js";
import * as handlers from "../handlers/people.js";
import type { KindDef } from "../kind.js";

export type CheckInInput = { kind: "presence.checkIn"; place: string };
export type CheckOutInput = { kind: "presence.checkOut" };
export type SeenInput = { kind: "presence.seen"; nick: string };

export type CheckInResult = { kind: "presence.checkIn"; place: string };
export type CheckOutResult = { kind: "presence.checkOut"; place: string };
export type SeenResult = {
  kind: "presence.seen";
  asked: string;
  found: { nick: string; location: string; at: Date; checkedOut: boolean } | null;
};

const people = () => ({ parts: ["people" as const] });

export const checkIn: KindDef<CheckInInput, CheckInResult> = {
  kind: "presence.checkIn",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["in"],
    example: "+in #nova",
    brief: "+in #TRACK (or a place)",
    parse: (args) => ({ kind: "presence.checkIn", place: args.text }),
  },
  help: [
    {
      syntax: "+in #TRACK",
      what: "Tells others you are in that track's session (or “+in PLACE” for anywhere else).",
    },
  ],
  run: (ctx, op) => handlers.checkIn(ctx, op),
  render: (result) => `OK, checked into ${excerpt(result.place)} - thanks for the update!`,
  changes: people,
  widget: {
    action: "check-in",
    summary: "Check in (+in)",
    call: (body) => ({
      operation: { kind: "presence.checkIn", place: body.place.trim() },
      text: `+in ${body.place}`,
    }),
  },
};

export const checkOut: KindDef<CheckOutInput, CheckOutResult> = {
  kind: "presence.checkOut",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["out"],
    example: "+out",
    brief: "+out",
    parse: (args) =>
      args.words.length > 0
        ? args.invalid("The 'out' command does not accept any extra parameters.")
        : { kind: "presence.checkOut" },
  },
  help: [{ syntax: "+out", what: "Checks you out of where you were." }],
  run: (ctx, op) => handlers.checkOut(ctx, op),
  render: (result) => `OK, checked out of ${excerpt(result.place)} - thanks for the update!`,
  changes: people,
  widget: {
    action: "check-out",
    summary: "Check out (+out)",
    call: () => ({ operation: { kind: "presence.checkOut" }, text: "+out" }),
  },
};

export const seen: KindDef<SeenInput, SeenResult> = {
  kind: "presence.seen",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["seen"],
    example: "+seen jane",
    brief: "+seen NICK",
    parse: (args) => {
      const [who] = args.words;
      return args.words.length !== 1 || who === undefined
        ? args.invalid("The 'seen' command needs a single nick argument.")
        : { kind: "presence.seen", nick: who };
    },
  },
  help: [{ syntax: "+seen NICK", what: "Tells where NICK last checked in, and when." }],
  run: (ctx, op) => handlers.seen(ctx, op),
  render: (result) => {
    const { found } = result;
    if (found === null) return `${excerpt(result.asked)} never checked in anywhere`;
    const [nick, location] = [excerpt(found.nick), excerpt(found.location)];
    return found.checkedOut
      ? `${nick} checked out of ${location} at ${formatTimestamp(found.at)} UTC`
      : `${nick} was last seen in ${location} at ${formatTimestamp(found.at)} UTC`;
  },
  changes: () => undefined,
  widget: {
    action: "seen",
    summary: "Where was someone last seen (+seen)",
    call: (body) => ({
      operation: { kind: "presence.seen", nick: body.nick },
      text: `+seen ${body.nick}`,
    }),
  },
};
