import { isHttpUrl } from "../../domain/validate.js";
import { CommandRefused, ok, type TrackHandler } from "../types.js";
import { singleParam } from "./single-param.js";

/** `#TRACK etherpad URL|auto`: the track's etherpad; `auto` goes back to the generated one. */
export const etherpad: TrackHandler = {
  kind: "track",
  names: ["etherpad"],
  async run(ctx, args) {
    const value = singleParam(ctx.track, "etherpad", "URL|auto", args);
    const auto = value.toLowerCase() === "auto";
    if (!auto && !isHttpUrl(value)) {
      throw new CommandRefused(`'${value}' is not an http(s) URL`);
    }
    await ctx.trx
      .updateTable("tracks")
      .set({ etherpad: auto ? null : value })
      .where("id", "=", ctx.track.id)
      .execute();
    const shown = auto ? `${ctx.event.etherpad_base}/${ctx.event.slug}-${ctx.track.name}` : value;
    return ok(`Etherpad for #${ctx.track.name} is now ${shown}`);
  },
};
