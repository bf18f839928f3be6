import { findBooking, parseRoomSlot } from "../../store/bookings.js";
import { CommandRefused, ok, type TrackHandler } from "../types.js";

/** `#TRACK unbook ROOM-SLOT`: frees a slot booked for the track. */
export const unbook: TrackHandler = {
  kind: "track",
  names: ["unbook"],
  async run(ctx, args) {
    const refused = new CommandRefused(
      `Slot '${args.text}' is invalid (or not booked for ${ctx.track.name})`,
    );
    const where = parseRoomSlot(args.text);
    if (where === null) throw refused;
    const booking = await findBooking(ctx.trx, ctx.event.id, where);
    if (booking === undefined || booking.trackId !== ctx.track.id) throw refused;
    await ctx.trx
      .updateTable("bookings")
      .set({ track_id: null })
      .where("room_id", "=", booking.roomId)
      .where("slot_id", "=", booking.slotId)
      .execute();
    return ok(
      `Room ${booking.room} (previously booked for ${ctx.track.name}) is now free on ${booking.slot}`,
    );
  },
};
