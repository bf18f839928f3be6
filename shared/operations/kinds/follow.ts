// Following tracks (anyone, about themselves): `+follow #TRACK`, `+unfollow #TRACK`, `+follow`.
// The track is `trackName`, not `track`: following is not a track operation (it needs no voice).
// Run by handlers/follows.ts; follow and unfollow also from the widget.
import * as handlers from "../handlers/follows.js";
import type { ChatArgs, HelpLine, KindDef } from "../kind.js";

export type AddInput = { kind: "follow.add"; trackName: string };
export type RemoveInput = { kind: "follow.remove"; trackName: string };
export type ShowInput = { kind: "follow.show" };

/** `already`: the person followed (add) or did not follow (remove) it before. */
export type ChangeResult<K extends "follow.add" | "follow.remove"> = {
  kind: K;
  track: string;
  already: boolean;
};
export type ShowResult = { kind: "follow.show"; tracks: string[] };

const BRIEF = "+follow|unfollow #TRACK";
const FOLLOW: HelpLine = {
  syntax: "+follow #TRACK",
  what: "Follows a track: you hear of its now, next and bookings in a direct message, and get a reminder before each of its booked slots starts. “+follow” alone lists the tracks you follow. Also in the widget.",
};

/** `+follow #TRACK` / `+unfollow #TRACK`: exactly one track. */
const oneTrack =
  <K extends "follow.add" | "follow.remove">(kind: K, word: "follow" | "unfollow") =>
  (args: ChatArgs) => {
    const [track] = args.words;
    return args.words.length !== 1 || track === undefined
      ? args.invalid(`The '${word}' command needs a single track (+${word} #TRACK).`)
      : { kind, trackName: track };
  };

export const show: KindDef<ShowInput, ShowResult> = {
  kind: "follow.show",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["follow"],
    example: "+follow",
    brief: BRIEF,
    parse: (args) => (args.words.length === 0 ? { kind: "follow.show" } : null),
  },
  help: [FOLLOW],
  run: (ctx, op) => handlers.show(ctx, op),
  render: (result) =>
    result.tracks.length === 0
      ? "You don't follow any track yet (+follow #TRACK)"
      : `Following ${result.tracks.map((t) => `#${t}`).join(" ")}`,
  changes: () => undefined,
  widget: null,
};

export const add: KindDef<AddInput, ChangeResult<"follow.add">> = {
  kind: "follow.add",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["follow"],
    example: "+follow #nova",
    brief: BRIEF,
    parse: oneTrack("follow.add", "follow"),
  },
  help: [FOLLOW],
  run: (ctx, op) => handlers.add(ctx, op),
  // The same words whether or not the sender followed it already: the state is the same.
  render: (result) => `Following #${result.track}`,
  changes: () => undefined,
  widget: {
    action: "follow",
    summary: "Follow a track (+follow)",
    call: (body) => ({
      operation: { kind: "follow.add", trackName: body.track },
      text: `+follow ${body.track}`,
    }),
  },
};

export const remove: KindDef<RemoveInput, ChangeResult<"follow.remove">> = {
  kind: "follow.remove",
  scope: "anyone",
  chat: {
    prefix: "+",
    words: ["unfollow"],
    example: "+unfollow #nova",
    brief: BRIEF,
    parse: oneTrack("follow.remove", "unfollow"),
  },
  help: [{ syntax: "+unfollow #TRACK", what: "Stops following the track." }],
  run: (ctx, op) => handlers.remove(ctx, op),
  render: (result) =>
    result.already ? `You don't follow #${result.track}` : `No longer following #${result.track}`,
  changes: () => undefined,
  widget: {
    action: "unfollow",
    summary: "Unfollow a track (+unfollow)",
    call: (body) => ({
      operation: { kind: "follow.remove", trackName: body.track },
      text: `+unfollow ${body.track}`,
    }),
  },
};
