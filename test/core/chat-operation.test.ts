// The chat parser's second step alone: which operation a line asks for. Pure.
import { describe, expect, it } from "vitest";
import { chatOperation } from "../../shared/commands/chat-operation.js";
import type { Operation } from "../../shared/operations/operation.js";

const inRoom = (body: string) => chatOperation(body, "event-room");
const op = (operation: Operation) => ({ kind: "operation", operation });

describe("chatOperation", () => {
  it.each<[string, Operation]>([
    ["#Swift NOW Erasure codes", { kind: "track.now", track: "swift", topic: "Erasure codes" }],
    ["#swift next later", { kind: "track.next", track: "swift", topic: "later" }],
    ["#swift clear", { kind: "track.clean", track: "swift" }],
    ["#swift etherpad AUTO", { kind: "track.etherpad", track: "swift", etherpad: null }],
    ["#swift url none", { kind: "track.url", track: "swift", url: null }],
    ["#swift colour rgb(1, 2, 3)", { kind: "track.color", track: "swift", color: "rgb(1, 2, 3)" }],
    [
      "#swift book Ballroom A-MonA1",
      { kind: "booking.book", track: "swift", room: "Ballroom A", slot: "MonA1" },
    ],
    ["+in the bar", { kind: "presence.checkIn", place: "the bar" }],
    ["#subscribe", { kind: "subscription.show" }],
    [
      "~motd add info hello there",
      { kind: "admin.motdAdd", level: "info", message: "hello there" },
    ],
    ["~motd reorder 2 1", { kind: "admin.motdReorder", order: [2, 1] }],
    ["~add a b", { kind: "admin.addTracks", tracks: ["a", "b"] }],
    ["~event", { kind: "admin.showEvent" }],
    ["~name Denver PTG", { kind: "admin.setName", name: "Denver PTG" }],
  ])("%j", (text, operation) => {
    expect(inRoom(text)).toEqual(op(operation));
  });

  it("gives arguments that do not fit a refusal checked in their command's scope", () => {
    expect(inRoom("#swift etherpad a b")).toEqual(
      op({
        kind: "chat.invalid",
        scope: { kind: "track", track: "swift" },
        reply: "Usage: #swift etherpad URL|auto",
      }),
    );
    expect(inRoom("~motd add loud x")).toEqual(
      op({
        kind: "chat.invalid",
        scope: { kind: "admin" },
        reply: "Incorrect message level 'loud' (should be info, success, warning or danger)",
      }),
    );
    expect(inRoom("+seen")).toEqual(
      op({
        kind: "chat.invalid",
        scope: { kind: "anyone" },
        reply: "The 'seen' command needs a single nick argument.",
      }),
    );
  });

  it("ignores chatter in an event room", () => {
    expect(inRoom("hey bot, wazzup")).toEqual({ kind: "ignore" });
  });
});
