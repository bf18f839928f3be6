// The parser alone: which messages are commands, of which kind, in an event room and in a DM.
import { describe, expect, it } from "vitest";
import { toArgs } from "../../shared/commands/args.js";
import { USER_COMMANDS } from "../../shared/commands/chat-table.js";
import { parseMessage, stripReplyFallback } from "../../shared/commands/parse.js";

const inRoom = (body: string) => parseMessage(body, "event-room");
const inDm = (body: string) => parseMessage(body, "direct");

describe("parseMessage in an event room", () => {
  it.each(["#help", "+help", "~help", "#HELP", "~Help me please", "  +help  "])(
    "%j asks for help",
    (body) => {
      expect(inRoom(body)).toEqual({ kind: "help" });
    },
  );

  it.each(USER_COMMANDS.flatMap((command) => ["+", "#"].map((prefix) => [prefix, command])))(
    "%s%s is a user command",
    (prefix, command) => {
      expect(inRoom(`${prefix}${command} some Args`)).toEqual({
        kind: "user",
        command,
        rest: "some Args",
      });
    },
  );

  it("reads the first word case-insensitively and keeps the parameters' case", () => {
    expect(inRoom("+IN #Swift")).toEqual({ kind: "user", command: "in", rest: "#Swift" });
    expect(inRoom("#SeEn JohnDoe")).toEqual({ kind: "user", command: "seen", rest: "JohnDoe" });
  });

  it("reads #TRACK COMMAND PARAMETERS, track and command case-insensitively", () => {
    expect(inRoom("#swift now Erasure codes")).toEqual({
      kind: "track",
      track: "swift",
      command: "now",
      rest: "Erasure codes",
    });
    expect(inRoom("#SWIFT NoW Erasure Codes")).toEqual({
      kind: "track",
      track: "swift",
      command: "now",
      rest: "Erasure Codes",
    });
  });

  it("keeps #hashtags inside the sentence", () => {
    expect(inRoom("#nova now multi-attach with #cinder")).toEqual({
      kind: "track",
      track: "nova",
      command: "now",
      rest: "multi-attach with #cinder",
    });
  });

  it("gives a track with no command a null command", () => {
    expect(inRoom("#swift")).toEqual({ kind: "track", track: "swift", command: null, rest: "" });
    expect(inRoom("#swift   ")).toEqual({ kind: "track", track: "swift", command: null, rest: "" });
  });

  it("splits on any whitespace and trims", () => {
    expect(inRoom("  #swift\tnext   a   b  ")).toEqual({
      kind: "track",
      track: "swift",
      command: "next",
      rest: "a   b",
    });
  });

  it("reads ~COMMAND as an admin command", () => {
    expect(inRoom("~add nova Swift")).toEqual({
      kind: "admin",
      command: "add",
      rest: "nova Swift",
    });
    expect(inRoom("~LIST")).toEqual({ kind: "admin", command: "list", rest: "" });
    expect(inRoom("~motd add info Hello")).toEqual({
      kind: "admin",
      command: "motd",
      rest: "add info Hello",
    });
  });

  it.each([
    "hey bot, wazzup",
    "",
    "   ",
    "#",
    "~",
    "+",
    "+1",
    "+foo bar",
    "in #swift",
    "swift now foo",
    "help",
    "now that's a good idea #swift",
    "> <@a:b> #swift now hijacked",
  ])("ignores chat: %j", (body) => {
    expect(inRoom(body)).toEqual({ kind: "ignore" });
  });

  it("strips a reply's quoted fallback before parsing", () => {
    expect(inRoom("> <@a:b> quoted\n\n#swift now x")).toEqual({
      kind: "track",
      track: "swift",
      command: "now",
      rest: "x",
    });
    expect(inRoom("> <@a:example.org> line one\n> line two\n\n~list")).toEqual({
      kind: "admin",
      command: "list",
      rest: "",
    });
  });

  it("ignores a reply whose own text is chat, even when the quote is a command", () => {
    expect(inRoom("> <@a:b> #swift now x\n\nthanks, bot")).toEqual({ kind: "ignore" });
  });
});

describe("parseMessage in a direct message", () => {
  it.each([
    ["in #nova", "in", "#nova"],
    ["+in the pub", "in", "the pub"],
    ["#in #nova", "in", "#nova"],
    ["out", "out", ""],
    ["+seen jane", "seen", "jane"],
    ["SEEN Jane", "seen", "Jane"],
    ["subscribe nova|swift", "subscribe", "nova|swift"],
    ["#unsubscribe", "unsubscribe", ""],
  ])("%j is the user command %s", (body, command, rest) => {
    expect(inDm(body)).toEqual({ kind: "user", command, rest });
  });

  it.each([
    "#nova now something",
    "#swift",
    "~list",
    "~add foo",
    "~in #nova",
    "hello there",
    "now foo",
    "",
  ])("answers %j with the unknown-user-command reply", (body) => {
    expect(inDm(body)).toEqual({ kind: "unknown-user-command" });
  });

  it("offers the help (help, with any prefix)", () => {
    expect(inDm("help")).toEqual({ kind: "help" });
    expect(inDm("+help")).toEqual({ kind: "help" });
    expect(inDm("~help")).toEqual({ kind: "help" });
  });

  it("strips a reply's quoted fallback there too", () => {
    expect(inDm("> <@bot:b> Unknown user command\n\nin #nova")).toEqual({
      kind: "user",
      command: "in",
      rest: "#nova",
    });
  });
});

describe("stripReplyFallback", () => {
  it("removes the leading quoted lines and the blank line after them", () => {
    expect(stripReplyFallback("> <@a:b> quoted\n> more\n\nreal text\nsecond")).toBe(
      "real text\nsecond",
    );
  });

  it("leaves a message without a quote alone, including later '>' lines", () => {
    expect(stripReplyFallback("text\n> not a fallback")).toBe("text\n> not a fallback");
  });
});

describe("toArgs", () => {
  it("splits the rest into words and keeps the trimmed text", () => {
    expect(toArgs("  Ballroom  C-FriA1 ")).toEqual({
      words: ["Ballroom", "C-FriA1"],
      text: "Ballroom  C-FriA1",
    });
    expect(toArgs("   ")).toEqual({ words: [], text: "" });
  });
});
