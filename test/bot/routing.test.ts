import { describe, expect, it } from "vitest";
import type { RoomEvent } from "../../bot/matrix/matrix-events.js";
import {
  MAX_COMMAND_LINES,
  messageLines,
  routeEvent,
  type RoomContext,
} from "../../bot/inbound/routing.js";

const room: RoomContext = {
  botUserId: "@bot:example.org",
  isDirect: false,
  joinedAt: 1000,
  beforeJoin: false,
};

function message(content: Record<string, unknown>, extra: Partial<RoomEvent> = {}): RoomEvent {
  return {
    eventId: "$e",
    type: "m.room.message",
    sender: "@ann:example.org",
    originServerTs: 2000,
    stateKey: undefined,
    content,
    prevContent: undefined,
    ...extra,
  };
}

const text = (body: string) => message({ msgtype: "m.text", body });

/** Each line is parsed once, here: the route carries the operation it asks for. */
const unknownUserCommand = {
  kind: "chat.invalid",
  scope: { kind: "anyone" },
  reply: "Unknown user command. Should be: in, out, seen, or subscribe",
};

describe("which events are commands", () => {
  it("takes m.text commands in an event room", () => {
    expect(routeEvent(text("#swift now testing"), room)).toEqual({
      kind: "command",
      venue: "event-room",
      commands: [
        {
          messageId: "$e",
          text: "#swift now testing",
          operation: { kind: "track.now", track: "swift", topic: "testing" },
        },
      ],
    });
  });

  it("runs at most MAX_COMMAND_LINES lines of one message; the rest get one reply", () => {
    const body = Array.from({ length: 14 }, (_, i) => `#swift next t${String(i)}`).join("\n");
    const route = routeEvent(text(body), room);
    if (route.kind !== "command") throw new Error("expected commands");
    expect(route.commands).toHaveLength(MAX_COMMAND_LINES + 1);
    expect(route.commands[MAX_COMMAND_LINES - 1]?.operation).toEqual({
      kind: "track.next",
      track: "swift",
      topic: `t${String(MAX_COMMAND_LINES - 1)}`,
    });
    expect(route.commands[MAX_COMMAND_LINES]).toEqual({
      messageId: `$e#${String(MAX_COMMAND_LINES)}`,
      text: `#swift next t${String(MAX_COMMAND_LINES)}`,
      operation: {
        kind: "chat.invalid",
        scope: { kind: "anyone" },
        reply: `Only the first ${String(MAX_COMMAND_LINES)} command lines of a message are run; send the other 4 again`,
      },
    });
  });

  it("ignores chatter without touching the store", () => {
    expect(routeEvent(text("hey bot, wazzup"), room).kind).toBe("skip");
  });

  it("reads every message in a direct chat (unknown ones get the user-command hint)", () => {
    expect(routeEvent(text("hello"), { ...room, isDirect: true })).toEqual({
      kind: "command",
      venue: "direct",
      commands: [{ messageId: "$e", text: "hello", operation: unknownUserCommand }],
    });
  });

  it("never reads notices, emotes, edits, its own messages, or other event types", () => {
    expect(routeEvent(message({ msgtype: "m.notice", body: "~add x" }), room).kind).toBe("skip");
    expect(routeEvent(message({ msgtype: "m.emote", body: "+in #nova" }), room).kind).toBe("skip");
    const edit = message({
      msgtype: "m.text",
      body: "* ~add x",
      "m.new_content": { msgtype: "m.text", body: "~add x" },
      "m.relates_to": { rel_type: "m.replace", event_id: "$o" },
    });
    expect(routeEvent(edit, room).kind).toBe("skip");
    const newContentOnly = message({ msgtype: "m.text", body: "~add x", "m.new_content": {} });
    expect(routeEvent(newContentOnly, room).kind).toBe("skip");
    expect(routeEvent(text("~add x"), { ...room, botUserId: "@ann:example.org" }).kind).toBe(
      "skip",
    );
    expect(routeEvent({ ...text("~add x"), type: "m.sticker" }, room).kind).toBe("skip");
    expect(routeEvent(message({ msgtype: "m.text" }), room).kind).toBe("skip");
  });

  it("never reads what was said before the bot joined", () => {
    expect(routeEvent(text("~add x"), { ...room, beforeJoin: true }).kind).toBe("skip");
    expect(
      routeEvent(message({ msgtype: "m.text", body: "~add x" }, { originServerTs: 999 }), room),
    ).toMatchObject({ kind: "skip", reason: "from before the bot joined" });
  });

  it("reads what the inviter wrote in a direct room between the bot's invite and its join", () => {
    const invite = { inviter: "@ann:example.org", invitedAt: 500, eventId: "$invite" };
    const direct: RoomContext = { ...room, isDirect: true, invite };
    const early = message({ msgtype: "m.text", body: "seen bob" }, { originServerTs: 800 });
    expect(routeEvent(early, { ...direct, beforeJoin: true })).toMatchObject({
      kind: "command",
      venue: "direct",
      commands: [{ messageId: "$e", text: "seen bob" }],
    });
    expect(routeEvent(early, direct).kind).toBe("command"); // by timestamp: 800 < joinedAt 1000
    // Not before the invite, not from someone else, not in a room that is not direct.
    const beforeInvite = message({ msgtype: "m.text", body: "seen bob" }, { originServerTs: 400 });
    expect(routeEvent(beforeInvite, direct)).toMatchObject({
      reason: "from before the bot joined",
    });
    const other = message(
      { msgtype: "m.text", body: "seen bob" },
      { originServerTs: 800, sender: "@eve:example.org" },
    );
    expect(routeEvent(other, direct)).toMatchObject({ reason: "from before the bot joined" });
    expect(routeEvent(early, { ...direct, isDirect: false, beforeJoin: true })).toMatchObject({
      reason: "from before the bot joined",
    });
    // No invite seen: history, as before.
    expect(routeEvent(early, { ...room, isDirect: true, beforeJoin: true }).kind).toBe("skip");
  });

  it("reads a reply without its quoted fallback", () => {
    const reply = text("> <@bob:example.org> hi\n> #swift now quoted\n\n+in #nova");
    expect(routeEvent(reply, room)).toEqual({
      kind: "command",
      venue: "event-room",
      commands: [
        {
          messageId: "$e",
          text: "+in #nova",
          operation: { kind: "presence.checkIn", place: "#nova" },
        },
      ],
    });
  });

  it("reads each line of a multi-line message as a message of its own, in order", () => {
    // What an IRC bridge makes of lines pasted together.
    const pasted = text("#swift next one\r\nhey all\n\n  \n#swift now two\n~list\n");
    expect(routeEvent(pasted, room)).toEqual({
      kind: "command",
      venue: "event-room",
      commands: [
        {
          messageId: "$e",
          text: "#swift next one",
          operation: { kind: "track.next", track: "swift", topic: "one" },
        },
        {
          messageId: "$e#2",
          text: "#swift now two",
          operation: { kind: "track.now", track: "swift", topic: "two" },
        },
        { messageId: "$e#3", text: "~list", operation: { kind: "admin.list" } },
      ],
    });
    expect(routeEvent(text("hey all\nhow are you?"), room).kind).toBe("skip");
    // In a direct chat every line is a command (unknown ones get the hint).
    expect(routeEvent(text("in #nova\nhello"), { ...room, isDirect: true })).toEqual({
      kind: "command",
      venue: "direct",
      commands: [
        {
          messageId: "$e",
          text: "in #nova",
          operation: { kind: "presence.checkIn", place: "#nova" },
        },
        { messageId: "$e#1", text: "hello", operation: unknownUserCommand },
      ],
    });
  });

  it("numbers the non-empty lines after the reply fallback, the first one keeping the event id", () => {
    expect(messageLines("$x", "> <@bob:example.org> hi\n\n\nfirst\n\nsecond")).toEqual([
      { messageId: "$x", text: "first" },
      { messageId: "$x#1", text: "second" },
    ]);
    expect(messageLines("$x", "only\n")).toEqual([{ messageId: "$x", text: "only" }]);
    expect(messageLines("$x", " \n")).toEqual([]);
    // No line keeps a line break: nothing multi-line reaches the core (a topic, a banner).
    for (const line of messageLines("$x", "a\r\nb\rc\n\u2028d")) {
      expect(line.text).not.toMatch(/[\r\n]/);
    }
  });
});
