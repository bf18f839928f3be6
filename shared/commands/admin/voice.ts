import { ok, type AdminHandler } from "../types.js";

async function setVoiceRequired(
  ctx: Parameters<AdminHandler["run"]>[0],
  required: boolean,
): Promise<void> {
  await ctx.trx
    .updateTable("event_settings")
    .set({ voice_required: required })
    .where("event_id", "=", ctx.event.id)
    .execute();
}

/** `~requirevoice`: track commands need voice. */
export const requireVoice: AdminHandler = {
  kind: "admin",
  names: ["requirevoice"],
  async run(ctx) {
    await setVoiceRequired(ctx, true);
    return ok("Voice is now required to issue track commands");
  },
};

/** `~alloweveryone`: anyone may issue track commands. */
export const allowEveryone: AdminHandler = {
  kind: "admin",
  names: ["alloweveryone"],
  async run(ctx) {
    await setVoiceRequired(ctx, false);
    return ok("Everyone may now issue track commands");
  },
};
