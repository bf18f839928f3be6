import { isHttpUrl } from "../../domain/validate.js";
import { CommandRefused, ok, type TrackHandler } from "../types.js";
import { singleParam } from "./single-param.js";

/** `#TRACK url URL|none`: the track's meeting link, overriding its room's. */
export const url: TrackHandler = {
  kind: "track",
  names: ["url"],
  async run(ctx, args) {
    const value = singleParam(ctx.track, "url", "URL|none", args);
    const none = value.toLowerCase() === "none";
    if (!none && !isHttpUrl(value)) {
      throw new CommandRefused(`'${value}' is not an http(s) URL`);
    }
    await ctx.trx
      .updateTable("tracks")
      .set({ url: none ? null : value })
      .where("id", "=", ctx.track.id)
      .execute();
    return ok(
      none
        ? `Removed the meeting link of #${ctx.track.name}`
        : `Meeting link for #${ctx.track.name} is now ${value}`,
    );
  },
};
