import { describe, expect, it } from "vitest";
import { inviteOf, isEarlyDirectMessage } from "../../bot/inbound/early-direct.js";
import type { RoomEvent } from "../../bot/matrix/matrix-events.js";

const bot = "@ptgbot:example.org";
const yui = "@_oftc_yui:example.org";
let counter = 0;
const event = (
  sender: string,
  type: string,
  ts: number,
  content: Record<string, unknown>,
  stateKey?: string,
): RoomEvent => ({
  eventId: `$e${String(++counter)}`,
  type,
  sender,
  originServerTs: ts,
  stateKey,
  content,
  prevContent: undefined,
});
const member = (sender: string, target: string, membership: string, ts: number): RoomEvent =>
  event(sender, "m.room.member", ts, { membership }, target);
const text = (sender: string, body: string, ts: number): RoomEvent =>
  event(sender, "m.room.message", ts, { msgtype: "m.text", body });

describe("messages in a direct room before the bot joined", () => {
  const created = event(yui, "m.room.create", 100, {}, "");
  const invite = member(yui, bot, "invite", 110);
  const early = text(yui, "seen ada", 120);
  const join = member(bot, bot, "join", 130);
  const timeline = [created, member(yui, yui, "join", 105), invite, early, join];

  it("finds the bot's invite before its join", () => {
    expect(inviteOf(timeline, bot)).toEqual({
      inviter: yui,
      invitedAt: 110,
      eventId: invite.eventId,
    });
    expect(inviteOf([created, early], bot)).toBeUndefined();
    // An invite after the bot's join is for a later stay.
    expect(inviteOf([join, member(yui, bot, "invite", 200)], bot)).toBeUndefined();
  });

  it("reads the inviter's messages between the invite and the join", () => {
    const room = { isDirect: true, invite: inviteOf(timeline, bot), joinedAt: 130 };
    expect(isEarlyDirectMessage(early, room)).toBe(true);
    expect(isEarlyDirectMessage(text(yui, "+in #swift", 130), room)).toBe(true);
  });

  it("leaves everything else from before the join alone", () => {
    const room = { isDirect: true, invite: inviteOf(timeline, bot), joinedAt: 130 };
    expect(isEarlyDirectMessage(text(yui, "before the invite", 109), room)).toBe(false);
    expect(isEarlyDirectMessage(text("@ann:example.org", "seen ada", 120), room)).toBe(false);
    expect(isEarlyDirectMessage(event(yui, "m.reaction", 120, {}), room)).toBe(false);
    expect(isEarlyDirectMessage(early, { ...room, isDirect: false })).toBe(false);
    expect(isEarlyDirectMessage(early, { ...room, invite: undefined })).toBe(false);
    expect(isEarlyDirectMessage(text(yui, "after", 131), room)).toBe(false);
  });
});
