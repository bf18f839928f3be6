// Booking kinds: a track takes or frees a (room, slot) pair of the schedule (`#TRACK book
// ROOM-SLOT`, `#TRACK unbook ROOM-SLOT`). Track moderators only; run by handlers/booking.ts.
import { excerpt } from "../../domain/input-rules.js";
import { parseRoomSlot } from "../../store/bookings.js";
import * as handlers from "../handlers/booking.js";
import { trackOf, type ChatArgs, type KindDef } from "../kind.js";
import { bare } from "./track.js";

type Verb = "book" | "unbook";
type KindOf<V extends Verb> = V extends "book" ? "booking.book" : "booking.unbook";

export type BookingInput<K extends "booking.book" | "booking.unbook"> = {
  kind: K;
  track: string;
  room: string;
  slot: string;
};
/** `overRule`: an admin booked past a booking rule; the track's use before it, in words. */
export type BookingResult<K extends "booking.book" | "booking.unbook"> = BookingInput<K> & {
  overRule?: string;
  /** Clashes with tracks booked then (handlers/booking-conflicts.ts), on a line of their own. */
  warnings?: string[];
};

const booking = <V extends Verb>(verb: V, kind: KindOf<V>) => ({
  kind,
  scope: "track" as const,
  chat: {
    prefix: "#" as const,
    words: [verb] as const,
    example: `#nova ${verb} Aspen-FriP1`,
    brief: "#TRACK book|unbook ROOM-SLOT",
    parse: (args: ChatArgs) => {
      const where = parseRoomSlot(args.text);
      if (where !== null) return { kind, track: args.track, ...where };
      const slot = excerpt(args.text);
      return args.invalid(
        verb === "book"
          ? `Slot '${slot}' is invalid (or booked)`
          : `Slot '${slot}' is invalid (or not booked for ${excerpt(args.track)})`,
      );
    },
  },
  // Their slots' availability changes; the tracks themselves do not.
  changes: () => ({ parts: ["rooms" as const] }),
  widget: {
    action: verb,
    summary:
      verb === "book"
        ? "Book a free slot for a track (#TRACK book ROOM-SLOT)"
        : "Free a slot the track booked (#TRACK unbook ROOM-SLOT)",
    call: (body: { track: string; venueRoom: string; slot: string }) => {
      const track = bare(body.track);
      const { venueRoom: room, slot } = body;
      return {
        operation: { kind, track, room, slot },
        text: `#${track} ${verb} ${room}-${slot}`,
      };
    },
  },
});

export const book: KindDef<BookingInput<"booking.book">, BookingResult<"booking.book">> = {
  ...booking("book", "booking.book"),
  help: [
    {
      syntax: "#TRACK book ROOM-SLOT",
      what: "Books a free slot for the track, e.g. “#swift book Aspen-FriP1”. Room names may contain spaces. Tells the track's followers and subscribers.",
    },
  ],
  run: (ctx, op) => handlers.book(trackOf(ctx), op),
  render: (result) =>
    `Room ${excerpt(result.room)} is now booked on ${excerpt(result.slot)} for ${result.track}` +
    (result.overRule === undefined ? "" : ` (over the booking rules: ${result.overRule})`) +
    (result.warnings === undefined ? "" : `\n${result.warnings.join(". ")}`),
};

export const unbook: KindDef<BookingInput<"booking.unbook">, BookingResult<"booking.unbook">> = {
  ...booking("unbook", "booking.unbook"),
  help: [{ syntax: "#TRACK unbook ROOM-SLOT", what: "Frees a slot the track had booked." }],
  run: (ctx, op) => handlers.unbook(trackOf(ctx), op),
  render: (result) =>
    `Room ${excerpt(result.room)} (previously booked for ${result.track}) is now free on ${excerpt(result.slot)}`,
};
