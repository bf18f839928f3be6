import { isCssColor } from "../../domain/validate.js";
import { CommandRefused, ok, type TrackHandler } from "../types.js";
import { singleParam } from "./single-param.js";

/** `#TRACK color COLOR`: the track's badge colour. */
export const color: TrackHandler = {
  kind: "track",
  names: ["color", "colour"],
  async run(ctx, args) {
    const value = singleParam(ctx.track, "color", "COLOR", args);
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
