import { ok, type AdminHandler } from "../types.js";

/** `~newday`: clears all now, next, locations and check-ins. */
export const newday: AdminHandler = {
  kind: "admin",
  names: ["newday"],
  async run(ctx) {
    const { trx, event } = ctx;
    const trackIds = trx.selectFrom("tracks").select("id").where("event_id", "=", event.id);
    await trx.deleteFrom("now_topics").where("track_id", "in", trackIds).execute();
    await trx.deleteFrom("next_topics").where("track_id", "in", trackIds).execute();
    await trx
      .updateTable("tracks")
      .set({ location: null, location_set_by_hand: false })
      .where("event_id", "=", event.id)
      .execute();
    await trx.deleteFrom("check_ins").where("event_id", "=", event.id).execute();
    return ok("Cleared now, next, locations and check-ins: ready for a new day");
  },
};
