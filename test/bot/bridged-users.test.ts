import { describe, expect, it } from "vitest";
import { isBridgedUser, roomForBridgedUser, type EventRoom } from "../../bot/bridged-users.js";
import { loadConfig } from "../../shared/config.js";

const kim = "@irc_ptgnet_kim:example.org";
const room = (roomId: string, ...members: string[]): EventRoom => ({
  roomId,
  members: new Set(members),
});

describe("which subscribers are bridged users (no direct messages)", () => {
  it("by default, heisenbridge's IRC puppets and nobody else", () => {
    const { bridgedUsers } = loadConfig({});
    expect(isBridgedUser(kim, bridgedUsers)).toBe(true);
    expect(isBridgedUser("@irc_ptgnet_kim=7caway:example.org", bridgedUsers)).toBe(true);
    expect(isBridgedUser("@kim:example.org", bridgedUsers)).toBe(false);
    expect(isBridgedUser("@kim_irc_:example.org", bridgedUsers)).toBe(false);
  });

  it("follows PTG_BRIDGED_USERS; empty means nobody", () => {
    const oftc = loadConfig({ PTG_BRIDGED_USERS: "^@_?oftc_" }).bridgedUsers;
    expect(isBridgedUser("@_oftc_kim:example.org", oftc)).toBe(true);
    expect(isBridgedUser(kim, oftc)).toBe(false);
    expect(isBridgedUser(kim, loadConfig({ PTG_BRIDGED_USERS: "" }).bridgedUsers)).toBe(false);
  });
});

describe("the event room a bridged user's notification goes to", () => {
  const main = room("!main:example.org", "@ann:example.org", kim);
  const irc = room("!irc:example.org", kim);
  const other = room("!other:example.org", "@ann:example.org");

  it("the room the command came from, when the user is there", () => {
    expect(roomForBridgedUser(kim, irc.roomId, [main, irc])).toBe(irc.roomId);
    expect(roomForBridgedUser(kim, main.roomId, [main, irc])).toBe(main.roomId);
  });

  it("else the first bound room where the user is", () => {
    expect(roomForBridgedUser(kim, other.roomId, [other, irc, main])).toBe(irc.roomId);
    // A command from a direct chat: not an event room.
    expect(roomForBridgedUser(kim, "!dm:example.org", [main, irc])).toBe(main.roomId);
  });

  it("none when the user is in no room of the event", () => {
    expect(roomForBridgedUser(kim, other.roomId, [other])).toBeNull();
    expect(roomForBridgedUser(kim, other.roomId, [])).toBeNull();
    // Invited or gone is not joined: only joined members count.
    expect(roomForBridgedUser(kim, main.roomId, [room(main.roomId)])).toBeNull();
  });
});
