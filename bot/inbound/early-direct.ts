// Messages said in a direct room before the bot joined it, pure. Someone who opens a direct
// chat with the bot invites it and may write at once, before the bot has joined: IRC bridges do
// (matrix-appservice-irc sends an IRC user's first /msg right after the invite), and so do
// clients that create the room with the first message (Element's deferred direct chats). Those
// messages are meant for the bot: in a direct room, what the inviter said between the bot's
// invite and its join is read as commands, like what comes after. Anything else from before the
// join (other rooms, other senders, before the invite) stays history. Each message keeps its
// event id as message id, so a redelivery is still applied once.
import type { RoomEvent } from "../matrix/matrix-events.js";

/** The bot's invite into a room: who sent it and when. */
export interface BotInvite {
  inviter: string;
  invitedAt: number;
  eventId: string;
}

/** The bot's last invite in `timeline` (before its join there, if any), if the timeline has it. */
export function inviteOf(timeline: readonly RoomEvent[], botUserId: string): BotInvite | undefined {
  let invite: BotInvite | undefined;
  for (const event of timeline) {
    if (event.type !== "m.room.member" || event.stateKey !== botUserId) continue;
    const membership = event.content.membership;
    if (membership === "invite") {
      invite = { inviter: event.sender, invitedAt: event.originServerTs, eventId: event.eventId };
    } else if (membership === "join") {
      break; // later invites are for a later stay
    }
  }
  return invite;
}

/**
 * Whether `event`, from before the bot's join (at `joinedAt`, if known), is a message the
 * inviter sent to the bot in a direct room after inviting it: to be read as a command.
 */
export function isEarlyDirectMessage(
  event: RoomEvent,
  room: { isDirect: boolean; invite: BotInvite | undefined; joinedAt: number | undefined },
): boolean {
  const { invite } = room;
  if (!room.isDirect || invite === undefined) return false;
  if (event.type !== "m.room.message" || event.sender !== invite.inviter) return false;
  if (event.originServerTs < invite.invitedAt) return false;
  return room.joinedAt === undefined || event.originServerTs <= room.joinedAt;
}
