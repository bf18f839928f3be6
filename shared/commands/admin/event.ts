import { answer, CommandRefused, ok, type AdminHandler } from "../types.js";
import { bindChatRoom, ensureEvent } from "../../store/events.js";

/** `~event` shows the event this room is bound to; `~event SLUG` rebinds the room (creating the event). */
export const event: AdminHandler = {
  kind: "admin",
  names: ["event"],
  async run(ctx, args) {
    const [slug] = args.words;
    if (slug === undefined) return answer(`This room is bound to event ${ctx.event.slug}`);
    if (args.words.length > 1 || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(slug)) {
      throw new CommandRefused("Usage: ~event SLUG (letters, digits, '-', '_' and '.')");
    }
    if (ctx.chatRoomId === null)
      throw new CommandRefused("Only a chat room can be bound to an event");
    const target = await ensureEvent(ctx.trx, slug);
    await bindChatRoom(ctx.trx, ctx.chatRoomId, target.id);
    return ok(`This room is now bound to event ${target.slug}`);
  },
};
