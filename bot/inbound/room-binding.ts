// Where the bot applies the binding rule (binding-rule.ts): when it joins a room on an invite,
// and when a command comes from a room that no event has adopted yet. A room the inviter may
// not bind stays unbound: the bot says once how an admin adopts it, and ignores its commands
// except `~event SLUG` (run for an admin of SLUG, else refused in one line). `~event SLUG` in a bound room, which moves it,
// also needs an admin of SLUG (the core checks the sender is an admin of the room's event).
import type { Operation } from "../../shared/operations/operation.js";
import {
  bindChatRoom,
  bumpVersion,
  ensureEvent,
  eventForChatRoom,
} from "../../shared/store/events.js";
import { adoptionHint, mayBindRoom, mayNotBind, type BindingPolicy } from "./binding-rule.js";
import type { BotContext } from "../context.js";
import { mayInvite } from "./invites.js";
import { describeError } from "../matrix/log.js";
import { isPermanent } from "../matrix/matrix-errors.js";
import { replyMessages } from "../delivery/replies.js";
import { sendMessage, transactionId } from "../delivery/send.js";

export const bindingPolicy = (bot: BotContext): BindingPolicy => ({
  admins: bot.config.admins,
  allowedInviter: (userId) => mayInvite(userId, bot.config.allowedInviters, bot.serverName),
});

/**
 * After joining `roomId` on `inviter`'s invite: binds it to the default event when the inviter
 * may, else tells the room how an admin adopts it. Returns the event's slug, or null.
 */
export async function bindOnInvite(
  bot: BotContext,
  roomId: string,
  inviter: string,
): Promise<string | null> {
  const bound = await eventForChatRoom(bot.db, roomId);
  if (bound !== undefined) return bound.slug;
  const slug = bot.config.defaultEvent;
  if (await mayBindRoom(bot.db, slug, inviter, bindingPolicy(bot))) {
    await bot.db.transaction().execute(async (trx) => {
      const event = await ensureEvent(trx, slug);
      await bindChatRoom(trx, roomId, event.id);
      await bumpVersion(trx, event.id, { parts: ["chatRooms"] });
    });
    return slug;
  }
  const [content] = replyMessages(adoptionHint(slug), null, bot.config.replyMsgtype);
  // One message per room: a retried batch sends the same transaction.
  if (content !== undefined) {
    await sendMessage(bot.client, roomId, content, transactionId(roomId, "adoption-hint")).catch(
      (error: unknown) => {
        // The bot may not talk there: nothing to retry, the room stays unbound all the same.
        if (!isPermanent(error)) throw error;
        bot.log.warn(`Could not say how to adopt ${roomId}: ${describeError(error)}`);
      },
    );
  }
  return null;
}

/** What to do with a command from an event room, by the room's binding. */
export type RoomCommand =
  | { kind: "run"; eventSlug: string; vouched: boolean }
  | { kind: "refuse"; reply: string }
  | { kind: "ignore" };

/**
 * The event a command from `roomId` applies to. An unbound room runs only `~event SLUG` from
 * an admin of SLUG (`vouched`: the binding rule made them an admin, whatever their level in
 * the room); everything else there is ignored.
 */
export async function commandInRoom(
  bot: BotContext,
  roomId: string,
  sender: string,
  operation: Operation,
): Promise<RoomCommand> {
  const bound = await eventForChatRoom(bot.db, roomId);
  if (operation.kind === "admin.bindEvent" && operation.slug !== bound?.slug) {
    if (!(await mayBindRoom(bot.db, operation.slug, sender, bindingPolicy(bot)))) {
      return { kind: "refuse", reply: mayNotBind(operation.slug) };
    }
    if (bound === undefined) return { kind: "run", eventSlug: operation.slug, vouched: true };
  }
  return bound === undefined
    ? { kind: "ignore" }
    : { kind: "run", eventSlug: bound.slug, vouched: false };
}
