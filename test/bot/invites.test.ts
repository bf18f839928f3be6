import { describe, expect, it } from "vitest";
import { mayInvite, serverNameOf } from "../../bot/inbound/invites.js";

describe("who may invite the bot into a room", () => {
  it("by default, users of the bot's own homeserver", () => {
    expect(mayInvite("@mod:example.org", [], "example.org")).toBe(true);
    expect(mayInvite("@spam:evil.example", [], "example.org")).toBe(false);
  });

  it("else the listed homeservers and users", () => {
    const allowed = ["matrix.org", "@alice:other.example"];
    expect(mayInvite("@bob:matrix.org", allowed, "example.org")).toBe(true);
    expect(mayInvite("@bob:MATRIX.org", allowed, "example.org")).toBe(true);
    expect(mayInvite("@alice:other.example", allowed, "example.org")).toBe(true);
    expect(mayInvite("@carol:other.example", allowed, "example.org")).toBe(false);
    expect(mayInvite("@mod:example.org", allowed, "example.org")).toBe(false);
  });

  it("reads server names with ports", () => {
    expect(serverNameOf("@a:localhost:8448")).toBe("localhost:8448");
    expect(mayInvite("@a:localhost:8448", ["localhost:8448"], "x")).toBe(true);
  });
});
