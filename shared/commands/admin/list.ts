import { listTrackNames } from "../../store/tracks.js";
import { answer, type AdminHandler } from "../types.js";

/** `~list`: the event's tracks. */
export const list: AdminHandler = {
  kind: "admin",
  names: ["list"],
  async run(ctx) {
    const names = await listTrackNames(ctx.trx, ctx.event.id);
    return answer(
      names.length > 0 ? `Available tracks: ${names.join(" ")}` : "There are no tracks yet",
    );
  },
};
