import { isCssColor } from "../../domain/validate.js";
import { CommandRefused, ok, type TrackHandler } from "../types.js";

/** `#TRACK color COLOR`: the track's badge colour. */
export const color: TrackHandler = {
  kind: "track",
  names: ["color", "colour"],
  async run(ctx, args) {
    // A colour may hold spaces (`rgb(1, 2, 3)`): it is the whole parameter text.
    const value = args.text;
    if (value === "") throw new CommandRefused(`Usage: #${ctx.track.name} color COLOR`);
    if (!isCssColor(value)) {
      throw new CommandRefused(
        `'${value}' is not a colour (use a name like teal, #rgb, #rrggbb, rgb() or hsl())`,
      );
    }
    await ctx.trx
      .updateTable("tracks")
      .set({ color: value.toLowerCase() })
      .where("id", "=", ctx.track.id)
      .execute();
    return ok(`Colour of #${ctx.track.name} is now ${value.toLowerCase()}`);
  },
};
