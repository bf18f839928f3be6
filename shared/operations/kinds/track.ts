// Track kinds: what a track discusses (`#TRACK now|next TOPIC`, `#TRACK clean`) and its details
// (`#TRACK etherpad|url|color|location …`). Track moderators only; run by handlers/track.ts.
import { excerpt } from "../../domain/input-rules.js";
import type { TrackRef } from "../../store/tracks.js";
import * as handlers from "../handlers/track.js";
import { trackOf, type ChatArgs, type InvalidOperation, type KindDef } from "../kind.js";

export type NowInput = { kind: "track.now"; track: string; topic: string };
export type NextInput = { kind: "track.next"; track: string; topic: string };
export type CleanInput = { kind: "track.clean"; track: string };
/** `etherpad: null` goes back to the generated etherpad. */
export type EtherpadInput = { kind: "track.etherpad"; track: string; etherpad: string | null };
/** `url: null` removes the meeting link. */
export type UrlInput = { kind: "track.url"; track: string; url: string | null };
export type ColorInput = { kind: "track.color"; track: string; color: string };
export type LocationInput = { kind: "track.location"; track: string; location: string };

/** `noRoomToday`: the track has no room booked today, which the moderator should know. */
export type TopicResult<K extends "track.now" | "track.next"> = {
  kind: K;
  track: string;
  noRoomToday: boolean;
};
export type CleanResult = { kind: "track.clean"; track: string };
/** The etherpad in use (the generated one when `custom` is false). */
export type EtherpadResult = {
  kind: "track.etherpad";
  track: string;
  etherpad: string;
  custom: boolean;
};
export type UrlResult = { kind: "track.url"; track: string; url: string | null };
export type ColorResult = { kind: "track.color"; track: string; color: string };
export type LocationResult = { kind: "track.location"; track: string; location: string };

/** A track operation changes that track only. */
const thisTrack = (_op: unknown, track: TrackRef | null) =>
  track === null ? undefined : { tracks: [track.name] };

const DETAILS_BRIEF = "#TRACK etherpad|url|color|location ...";

/** A track as the widget sends it, without its `#`. */
export const bare = (track: string): string => (track.startsWith("#") ? track.slice(1) : track);
const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/** The one parameter of `etherpad|url`, or the usage refusal. */
const single = (args: ChatArgs, usage: string): string | InvalidOperation => {
  const [only] = args.words;
  return args.words.length !== 1 || only === undefined
    ? args.invalid(`Usage: #${args.track} ${args.word} ${usage}`)
    : only;
};

const topic = <K extends "track.now" | "track.next">(kind: K, adverb: "now" | "next") => ({
  scope: "track" as const,
  chat: {
    prefix: "#" as const,
    words: [adverb] as const,
    example: `#nova ${adverb} quotas`,
    brief: "#TRACK now|next TOPIC",
    parse: (args: ChatArgs) => ({ kind, track: args.track, topic: args.text }),
  },
  render: (result: TopicResult<K>) =>
    result.noRoomToday
      ? `#${result.track} ${adverb} was set, but #${result.track} does not appear to have a room scheduled today`
      : "",
  changes: thisTrack,
  widget: {
    action: adverb,
    summary: `Say what a track discusses ${adverb} (#TRACK ${adverb})`,
    call: (body: { track: string; topic: string }) => {
      const track = bare(body.track);
      const said = oneLine(body.topic);
      return { operation: { kind, track, topic: said }, text: `#${track} ${adverb} ${said}` };
    },
  },
});

export const now: KindDef<NowInput, TopicResult<"track.now">> = {
  kind: "track.now",
  ...topic("track.now", "now"),
  help: [
    {
      syntax: "#TRACK now TOPIC",
      what: "Says what the track discusses right now. Clears its “coming next” list and tells subscribers.",
    },
  ],
  run: (ctx, op) => handlers.now(trackOf(ctx), op),
};

export const next: KindDef<NextInput, TopicResult<"track.next">> = {
  kind: "track.next",
  ...topic("track.next", "next"),
  help: [
    {
      syntax: "#TRACK next TOPIC",
      what: "Adds a topic to the track's “coming next” list and tells subscribers.",
    },
  ],
  run: (ctx, op) => handlers.next(trackOf(ctx), op),
};

export const clean: KindDef<CleanInput, CleanResult> = {
  kind: "track.clean",
  scope: "track",
  chat: {
    prefix: "#",
    words: ["clean", "clear"],
    example: "#nova clean",
    brief: "#TRACK clean",
    parse: (args) =>
      args.words.length > 0
        ? args.invalid(`'#${args.track} clean' does not take any parameter`)
        : { kind: "track.clean", track: args.track },
  },
  help: [
    { syntax: "#TRACK clean", what: "Clears the track's current and coming topics (also: clear)." },
  ],
  run: (ctx, op) => handlers.clean(trackOf(ctx), op),
  render: (result) => `Cleaned now and next for #${result.track}`,
  changes: thisTrack,
  widget: {
    action: "clean",
    summary: "Clear a track's now and next (#TRACK clean)",
    call: (body) => {
      const track = bare(body.track);
      return { operation: { kind: "track.clean", track }, text: `#${track} clean` };
    },
  },
};

export const etherpad: KindDef<EtherpadInput, EtherpadResult> = {
  kind: "track.etherpad",
  scope: "track",
  chat: {
    prefix: "#",
    words: ["etherpad"],
    example: "#nova etherpad auto",
    brief: DETAILS_BRIEF,
    parse: (args) => {
      const value = single(args, "URL|auto");
      if (typeof value !== "string") return value;
      const pad = value.toLowerCase() === "auto" ? null : value;
      return { kind: "track.etherpad", track: args.track, etherpad: pad };
    },
  },
  help: [
    {
      syntax: "#TRACK etherpad URL",
      what: "Sets the track's etherpad; “etherpad auto” goes back to the generated one.",
    },
  ],
  run: (ctx, op) => handlers.etherpad(trackOf(ctx), op),
  render: (result) => `Etherpad for #${result.track} is now ${excerpt(result.etherpad)}`,
  changes: thisTrack,
  widget: null,
};

export const url: KindDef<UrlInput, UrlResult> = {
  kind: "track.url",
  scope: "track",
  chat: {
    prefix: "#",
    words: ["url"],
    example: "#nova url none",
    brief: DETAILS_BRIEF,
    parse: (args) => {
      const value = single(args, "URL|jitsi|none");
      if (typeof value !== "string") return value;
      const link = value.toLowerCase() === "none" ? null : value;
      return { kind: "track.url", track: args.track, url: link };
    },
  },
  help: [
    {
      syntax: "#TRACK url URL|jitsi|none",
      what:
        "Sets the track's own meeting link (instead of its room's); “url jitsi” makes a new " +
        "Jitsi room for it on the configured server; “url none” removes it.",
    },
  ],
  run: (ctx, op) => handlers.url(trackOf(ctx), op),
  render: (result) =>
    result.url === null
      ? `Removed the meeting link of #${result.track}`
      : `Meeting link for #${result.track} is now ${excerpt(result.url)}`,
  changes: thisTrack,
  widget: null,
};

export const color: KindDef<ColorInput, ColorResult> = {
  kind: "track.color",
  scope: "track",
  chat: {
    prefix: "#",
    words: ["color", "colour"],
    example: "#nova color red",
    brief: DETAILS_BRIEF,
    // A colour may hold spaces (`rgb(1, 2, 3)`): it is the whole parameter text.
    parse: (args) => ({ kind: "track.color", track: args.track, color: args.text }),
  },
  help: [
    { syntax: "#TRACK color COLOR", what: "Sets the colour of the track's badge (a CSS colour)." },
  ],
  run: (ctx, op) => handlers.color(trackOf(ctx), op),
  render: (result) => `Colour of #${result.track} is now ${excerpt(result.color)}`,
  changes: thisTrack,
  widget: null,
};

export const location: KindDef<LocationInput, LocationResult> = {
  kind: "track.location",
  scope: "track",
  chat: {
    prefix: "#",
    words: ["location"],
    example: "#nova location Aspen",
    brief: DETAILS_BRIEF,
    parse: (args) => ({ kind: "track.location", track: args.track, location: args.text }),
  },
  help: [
    {
      syntax: "#TRACK location TEXT",
      what: "Says where the track meets, overriding the schedule.",
    },
  ],
  run: (ctx, op) => handlers.location(trackOf(ctx), op),
  render: (result) => `#${result.track} is now meeting in ${excerpt(result.location)}`,
  changes: thisTrack,
  widget: null,
};
