// Room invites. A direct-chat invite (`is_direct`) is accepted from anyone: anybody may check
// in or subscribe by DM. Any other room only on the invitation of an allowed inviter
// (PTG_ALLOWED_INVITERS: homeserver names or user ids; by default the bot's own homeserver),
// so that strangers cannot pull the bot into their rooms. A joined event room is bound to the
// default event unless it already is bound (a moderator rebinds it with `~event SLUG`).
import { bindChatRoom, ensureEvent, eventForChatRoom } from "../shared/store/events.js";
import type { BotContext } from "./context.js";
import { describeError } from "./log.js";
import { isPermanent } from "./matrix-errors.js";
import type { InviteUpdate } from "./matrix-events.js";

export function serverNameOf(userId: string): string {
  const colon = userId.indexOf(":");
  return colon < 0 ? "" : userId.slice(colon + 1);
}

export function mayInvite(inviter: string, allowed: readonly string[], botServer: string): boolean {
  const entries = allowed.length > 0 ? allowed : [botServer];
  const server = serverNameOf(inviter).toLowerCase();
  return entries.some((entry) =>
    entry.startsWith("@") ? entry === inviter : entry.toLowerCase() === server,
  );
}

/** Binds an event room to the default event if it is not bound yet. */
export async function ensureBound(bot: BotContext, roomId: string): Promise<string> {
  const bound = await eventForChatRoom(bot.db, roomId);
  if (bound !== undefined) return bound.slug;
  const event = await ensureEvent(bot.db, bot.config.defaultEvent);
  await bindChatRoom(bot.db, roomId, event.id);
  return event.slug;
}

export async function handleInvite(bot: BotContext, invite: InviteUpdate): Promise<void> {
  const { roomId, inviter, isDirect } = invite;
  if (!isDirect && !mayInvite(inviter, bot.config.allowedInviters, bot.serverName)) {
    bot.log.info(`Declining ${inviter}'s invite to ${roomId}: not an allowed inviter`);
    await bot.client.leaveRoom(roomId).catch((error: unknown) => {
      bot.log.warn(`Could not decline the invite to ${roomId}: ${describeError(error)}`);
    });
    return;
  }
  await bot.encrypted.beforeJoin(invite);
  try {
    await bot.client.joinRoom(roomId);
  } catch (error) {
    // A room that is gone or that refuses the bot: nothing to retry.
    if (isPermanent(error)) {
      bot.log.warn(`Could not join ${roomId} (invited by ${inviter}): ${describeError(error)}`);
      return;
    }
    throw error;
  }
  // An encrypted room the bot cannot read is told so, and neither bound nor a direct chat.
  if (await bot.encrypted.afterJoin(bot, roomId, isDirect)) return;
  if (isDirect) {
    await bot.direct.add(inviter, roomId);
    bot.log.info(`Joined a direct chat with ${inviter} (${roomId})`);
    return;
  }
  try {
    const slug = await ensureBound(bot, roomId);
    bot.log.info(`Joined ${roomId} on ${inviter}'s invite; it is bound to event ${slug}`);
  } catch (error) {
    // The first command in the room binds it.
    bot.log.warn(
      `Joined ${roomId}, but could not bind it to an event yet: ${describeError(error)}`,
    );
  }
}
