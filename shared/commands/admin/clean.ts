import { cleanTracks } from "../../store/topics.js";
import { ok, type AdminHandler } from "../types.js";
import { existingTracks } from "./existing-tracks.js";
import { trackNamesArg } from "./track-names.js";

/** `~clean TRACK…`: removes those tracks' now and next. */
export const clean: AdminHandler = {
  kind: "admin",
  names: ["clean", "clear"],
  async run(ctx, args) {
    const tracks = await existingTracks(ctx.trx, ctx.event.id, trackNamesArg(args));
    await cleanTracks(
      ctx.trx,
      tracks.map((t) => t.id),
    );
    return ok(`Cleaned now and next for: ${tracks.map((t) => t.name).join(" ")}`);
  },
};
