// `~trackroom TRACK|none` (admins): the room it is said in becomes the track's own room, or
// stops being one (issue 20). Run by handlers/track-room.ts.
import * as handlers from "../handlers/track-room.js";
import type { KindDef } from "../kind.js";

/** `track`: the track's name, or null to unbind. */
export type TrackRoomInput = { kind: "admin.trackRoom"; track: string | null };
/** `was`: the track the room had before (null: none). */
export type TrackRoomResult = { kind: "admin.trackRoom"; track: string | null; was: string | null };

const USAGE = "Usage: ~trackroom TRACK (or ~trackroom none)";

export const trackRoom: KindDef<TrackRoomInput, TrackRoomResult> = {
  kind: "admin.trackRoom",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["trackroom"],
    example: "~trackroom nova",
    brief: "~trackroom",
    parse: (args) => {
      const [word] = args.words;
      if (word === undefined || args.words.length > 1) return args.invalid(USAGE);
      const track = word.replace(/^#/, "");
      return { kind: "admin.trackRoom", track: track.toLowerCase() === "none" ? null : track };
    },
  },
  help: [
    {
      syntax: "~trackroom TRACK|none",
      what:
        "Makes this room the track's own room (and a room of the event); " +
        "~trackroom none makes it an event room only.",
    },
  ],
  run: (ctx, op) => handlers.trackRoom(ctx, op),
  render: (result) =>
    result.track === null
      ? `This room is no longer the room of #${result.was ?? ""}`
      : result.was === result.track
        ? `This room already is the room of #${result.track}`
        : `This room is now the room of #${result.track}`,
  changes: (op) => ({ parts: ["chatRooms"], tracks: op.track === null ? [] : [op.track] }),
  widget: null,
};
