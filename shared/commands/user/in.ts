import { MAX_TEXT_LENGTH } from "../../domain/validate.js";
import { findTrack } from "../../store/tracks.js";
import { CommandRefused, ok, type UserHandler } from "../types.js";

/** `in #TRACK` or `in PLACE`: checks the sender in somewhere. */
export const checkIn: UserHandler = {
  kind: "user",
  names: ["in"],
  async run(ctx, args) {
    if (args.text === "")
      throw new CommandRefused("The 'in' command should be followed by a location.");
    if (args.text.length > MAX_TEXT_LENGTH) {
      throw new CommandRefused(`That is too long (at most ${MAX_TEXT_LENGTH} characters)`);
    }
    let place = args.text;
    if (place.startsWith("#")) {
      const track = await findTrack(ctx.trx, ctx.event.id, place.slice(1));
      if (track === undefined) throw new CommandRefused(`Unrecognised track ${place}`);
      place = `#${track.name}`;
    } else if (args.words.length === 1) {
      const track = await findTrack(ctx.trx, ctx.event.id, place);
      if (track !== undefined) place = `#${track.name}`;
    }
    const values = {
      nick: ctx.actor.nick,
      location: place,
      checked_in_at: ctx.now,
      checked_out_at: null,
    };
    await ctx.trx
      .insertInto("check_ins")
      .values({ event_id: ctx.event.id, person_key: ctx.actor.id, ...values })
      .onConflict((oc) => oc.columns(["event_id", "person_key"]).doUpdateSet(values))
      .execute();
    return ok(`OK, checked into ${place} - thanks for the update!`);
  },
};
