import { ok, type AdminHandler } from "../types.js";
import { existingTracks } from "./existing-tracks.js";
import { trackNamesArg } from "./track-names.js";

/** `~del TRACK…`: removes tracks (their bookings become available). */
export const del: AdminHandler = {
  kind: "admin",
  names: ["del"],
  async run(ctx, args) {
    const tracks = await existingTracks(ctx.trx, ctx.event.id, trackNamesArg(args));
    await ctx.trx
      .deleteFrom("tracks")
      .where(
        "id",
        "in",
        tracks.map((t) => t.id),
      )
      .execute();
    return ok(`Removed tracks: ${tracks.map((t) => t.name).join(" ")}`);
  },
};
