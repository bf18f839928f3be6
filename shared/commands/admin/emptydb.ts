import { emptyEvent } from "../../store/reset.js";
import { ok, type AdminHandler } from "../types.js";

/** `~emptydb`: resets the event to an empty schedule. */
export const emptydb: AdminHandler = {
  kind: "admin",
  names: ["emptydb"],
  async run(ctx) {
    await emptyEvent(ctx.trx, ctx.event.id);
    return ok(`Event ${ctx.event.slug} is now empty`);
  },
};
