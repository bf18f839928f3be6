import { findBooking, parseRoomSlot } from "../../store/bookings.js";
import { CommandRefused, ok, type TrackHandler } from "../types.js";

/** `#TRACK book ROOM-SLOT`: books an available slot for the track. */
export const book: TrackHandler = {
  kind: "track",
  names: ["book"],
  async run(ctx, args) {
    const refused = new CommandRefused(`Slot '${args.text}' is invalid (or booked)`);
    const where = parseRoomSlot(args.text);
    if (where === null) throw refused;
    const booking = await findBooking(ctx.trx, ctx.event.id, where);
    if (booking === undefined || booking.trackId !== null) throw refused;
    await ctx.trx
      .updateTable("bookings")
      .set({ track_id: ctx.track.id })
      .where("room_id", "=", booking.roomId)
      .where("slot_id", "=", booking.slotId)
      .execute();
    return ok(`Room ${booking.room} is now booked on ${booking.slot} for ${ctx.track.name}`);
  },
};
