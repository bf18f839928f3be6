// Room invites. A direct-chat invite (`is_direct`) is accepted from anyone: anybody may check in or
// subscribe by DM. Any other room only on the invitation of an allowed inviter
// (PTG_ALLOWED_INVITERS: homeserver names or user ids; by default the bot's own homeserver), so
// that strangers cannot pull the bot into their rooms. A joined event room is bound to the default
// event only when the inviter may bind it (bot/inbound/room-binding.ts,
// bot/inbound/binding-rule.ts).
import type { BotContext } from "../context.js";
import { describeError } from "../matrix/log.js";
import { isPermanent } from "../matrix/matrix-errors.js";
import type { InviteUpdate } from "../matrix/matrix-events.js";
import { bindOnInvite } from "./room-binding.js";

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
  // A store failure fails the batch: it is fetched again, and the invite handled again.
  const slug = await bindOnInvite(bot, roomId, inviter);
  bot.log.info(
    slug === null
      ? `Joined ${roomId} on ${inviter}'s invite; not bound: ${inviter} may not bind rooms to ${bot.config.defaultEvent}`
      : `Joined ${roomId} on ${inviter}'s invite; it is bound to event ${slug}`,
  );
}
