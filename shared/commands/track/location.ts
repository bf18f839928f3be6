import { MAX_TEXT_LENGTH } from "../../domain/validate.js";
import { CommandRefused, ok, type TrackHandler } from "../types.js";

/** `#TRACK location TEXT`: where the track meets, overriding the schedule. */
export const location: TrackHandler = {
  kind: "track",
  names: ["location"],
  async run(ctx, args) {
    if (args.text === "")
      throw new CommandRefused(`Missing location (#${ctx.track.name} location ...)`);
    if (args.text.length > MAX_TEXT_LENGTH) {
      throw new CommandRefused(`That is too long (at most ${MAX_TEXT_LENGTH} characters)`);
    }
    await ctx.trx
      .updateTable("tracks")
      .set({ location: args.text, location_set_by_hand: true })
      .where("id", "=", ctx.track.id)
      .execute();
    return ok(`#${ctx.track.name} is now meeting in ${args.text}`);
  },
};
