// Booking operations: a track takes or frees a (room, slot) pair the schedule offers.
import { checkField, excerpt } from "../../domain/input-rules.js";
import { book as bookSlot, findBooking, unbook as unbookSlot } from "../../store/bookings.js";
import { changed, Refused } from "../context.js";
import { conflictWarnings } from "./booking-conflicts.js";
import { checkRules } from "./booking-rules.js";
import { bookingNotificationsFor } from "../notify.js";
import { renderChat } from "../render-chat.js";
import type { OperationOf } from "../operation.js";
import type { ResultOf } from "../result.js";
import type { TrackContext } from "./track.js";

/** Room names and slot codes that could not be stored cannot be looked up either. */
const storable = (op: { room: string; slot: string }): boolean =>
  checkField("roomName", op.room).ok && checkField("slotCode", op.slot).ok;

/** The track's subscribers and followers hear of it, in the chat reply's words. */
const told = (ctx: TrackContext, result: ResultOf<"booking.book" | "booking.unbook">) =>
  bookingNotificationsFor(
    ctx.trx,
    ctx.event.id,
    { ...result, trackId: ctx.track.id, text: renderChat(result) },
    result.kind === "booking.book" ? "book" : "unbook",
    ctx.actor.id,
  );

export async function book(ctx: TrackContext, op: OperationOf<"booking.book">) {
  const booking = storable(op) ? await findBooking(ctx.trx, ctx.event.id, op) : undefined;
  if (booking === undefined || booking.trackId !== null) {
    throw new Refused(`Slot '${excerpt(`${op.room}-${op.slot}`)}' is invalid (or booked)`);
  }
  const over = await checkRules(ctx, booking.slotId);
  await bookSlot(ctx.trx, booking.roomId, booking.slotId, ctx.track.id);
  const result = {
    kind: "booking.book",
    track: ctx.track.name,
    room: booking.room,
    slot: booking.slot,
  } as const;
  const notifications = await told(ctx, result);
  const warnings = await conflictWarnings(ctx, booking.slotId);
  // Only the reply notes an admin's booking past a rule, and clashes; followers hear of the booking.
  const noted = {
    ...result,
    ...(over === null ? {} : { overRule: over }),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
  return changed(noted, { notifications });
}

export async function unbook(ctx: TrackContext, op: OperationOf<"booking.unbook">) {
  const booking = storable(op) ? await findBooking(ctx.trx, ctx.event.id, op) : undefined;
  if (booking === undefined || booking.trackId !== ctx.track.id) {
    throw new Refused(
      `Slot '${excerpt(`${op.room}-${op.slot}`)}' is invalid (or not booked for ${ctx.track.name})`,
    );
  }
  await unbookSlot(ctx.trx, booking.roomId, booking.slotId);
  const result = {
    kind: "booking.unbook",
    track: ctx.track.name,
    room: booking.room,
    slot: booking.slot,
  } as const;
  return changed(result, { notifications: await told(ctx, result) });
}
