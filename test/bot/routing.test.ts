import { describe, expect, it } from "vitest";
import type { RoomEvent } from "../../bot/matrix-events.js";
import { routeEvent, type RoomContext } from "../../bot/routing.js";

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

describe("which events are commands", () => {
  it("takes m.text commands in an event room", () => {
    expect(routeEvent(text("#swift now testing"), room)).toEqual({
      kind: "command",
      text: "#swift now testing",
      venue: "event-room",
    });
  });

  it("ignores chatter without touching the store", () => {
    expect(routeEvent(text("hey bot, wazzup"), room).kind).toBe("skip");
  });

  it("reads every message in a direct chat (unknown ones get the user-command hint)", () => {
    expect(routeEvent(text("hello"), { ...room, isDirect: true })).toEqual({
      kind: "command",
      text: "hello",
      venue: "direct",
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

  it("reads a reply, whose quoted fallback the core strips", () => {
    const reply = text("> <@bob:example.org> hi\n\n+in #nova");
    expect(routeEvent(reply, room)).toMatchObject({ kind: "command", venue: "event-room" });
  });
});
