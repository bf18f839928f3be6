// The Matrix user-id grammar the server holds homeservers' answers to (shared/matrix/user-id.ts).
// Pure.
import { describe, expect, it } from "vitest";
import { parseUserId } from "../../shared/matrix/user-id.js";

describe("Matrix user ids", () => {
  it.each([
    ["@ann:example.org", "ann", "example.org"],
    ["@a.b_c=d-e/f+g:example.org:8448", "a.b_c=d-e/f+g", "example.org:8448"],
    ["@bot:127.0.0.1", "bot", "127.0.0.1"],
    ["@bot:[::1]:8448", "bot", "[::1]:8448"],
    [`@${"a".repeat(242)}:example.org`, "a".repeat(242), "example.org"],
  ])("accepts %s", (value, localpart, server) => {
    expect(parseUserId(value)).toMatchObject({ localpart, server: { name: server } });
  });

  it.each([
    ["NUL", "@a\u0000b:example.org"],
    ["markup", "@<img/src=x/onerror=alert(1)>:example.org"],
    ["bidi", "@ann\u202e:example.org"],
    ["capitals", "@Ann:example.org"],
    ["blank", "@a b:example.org"],
    ["over 255 bytes", `@${"a".repeat(243)}:example.org`],
    ["no localpart", "@:example.org"],
    ["no server", "@ann"],
    ["a bad server", "@ann:exa mple.org"],
    ["a capital server", "@ann:Example.org"],
    ["no @", "ann:example.org"],
    ["a room id", "!ann:example.org"],
  ])("refuses %s", (_what, value) => {
    expect(parseUserId(value)).toBeNull();
  });
});
