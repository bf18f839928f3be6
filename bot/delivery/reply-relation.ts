// Whether a reply in a room is also a Matrix reply (`m.in_reply_to`) to its command. Not in a
// room an IRC bridge serves (a member taken for a puppet, or bridge info in its state): an IRC
// bridge such as heisenbridge turns a Matrix reply into the replied-to sender's nick before the
// line, which the `nick: ` prefix already is, so IRC would read `ann: ann: …`.
import { isBridgedIn } from "../bridges/bridged-users.js";
import type { BotContext } from "../context.js";

/** Whether an IRC bridge serves the room: bridge info in its state, or a puppet among its members. */
export async function servedByBridge(bot: BotContext, roomId: string): Promise<boolean> {
  const room = await bot.rooms.get(roomId);
  if ((room.bridges ?? []).length > 0) return true;
  return [...room.members].some((userId) => isBridgedIn(userId, bot.config.bridgedUsers, [room]));
}

/** The command's event id when the reply should carry it, else undefined. */
export async function replyRelation(
  bot: BotContext,
  roomId: string,
  commandEventId: string | undefined,
): Promise<string | undefined> {
  if (commandEventId === undefined) return undefined;
  return (await servedByBridge(bot, roomId)) ? undefined : commandEventId;
}
