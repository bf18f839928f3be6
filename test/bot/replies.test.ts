import { describe, expect, it } from "vitest";
import {
  apologyFor,
  MAX_LINE_BYTES,
  MAX_LINES_PER_MESSAGE,
  replyMessages,
  splitReply,
  userPermalink,
  utf8Bytes,
  wrapLine,
} from "../../bot/delivery/replies.js";

const ann = { userId: "@ann:example.org", nick: "ann" };

describe("replies", () => {
  it("are Matrix replies to the command, keeping the nick: prefix", () => {
    const [content] = replyMessages("OK", ann, "m.notice", "$command");
    expect(content?.body).toBe("ann: OK");
    expect(content?.["m.relates_to"]).toEqual({ "m.in_reply_to": { event_id: "$command" } });
    expect(replyMessages("OK", ann, "m.notice")[0]?.["m.relates_to"]).toBeUndefined();
  });

  it("name a failed line by its first 64 characters, never splitting a character", () => {
    expect(apologyFor("Sorry.", "  #nova now X ")).toBe('Sorry. (Your line: "#nova now X")');
    const line = `#nova now ${"🦊".repeat(60)}`;
    expect(apologyFor("Sorry.", line)).toBe(
      `Sorry. (Your line: "${Array.from(line).slice(0, 64).join("")}…")`,
    );
  });

  it("address the sender: nick and colon, a mention pill, m.mentions", () => {
    expect(replyMessages("Unknown track 'svift'", ann, "m.notice")).toEqual([
      {
        msgtype: "m.notice",
        body: "ann: Unknown track 'svift'",
        format: "org.matrix.custom.html",
        formatted_body:
          '<a href="https://matrix.to/#/@ann:example.org">ann</a>: Unknown track &#39;svift&#39;',
        "m.mentions": { user_ids: ["@ann:example.org"] },
      },
    ]);
  });

  it("escape HTML everywhere in formatted_body, nick included", () => {
    const [message] = replyMessages(
      '<b>bold</b> & "quotes"',
      { userId: '@x"y:example.org', nick: "<img src=x>" },
      "m.text",
    );
    expect(message?.msgtype).toBe("m.text");
    expect(message?.body).toBe('<img src=x>: <b>bold</b> & "quotes"');
    expect(message?.formatted_body).toBe(
      '<a href="https://matrix.to/#/@x%22y:example.org">&lt;img src=x&gt;</a>: ' +
        "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;",
    );
  });

  it("are plain text in a direct chat, mentioning nobody", () => {
    expect(replyMessages("line 1\nline 2", null, "m.notice")).toEqual([
      { msgtype: "m.notice", body: "line 1\nline 2", "m.mentions": {} },
    ]);
  });

  it("send nothing for an empty reply", () => {
    expect(replyMessages("", ann, "m.notice")).toEqual([]);
    expect(replyMessages("  \n", ann, "m.notice")).toEqual([]);
  });

  it("split more than 3 lines into several messages, each addressed", () => {
    const messages = replyMessages("1\n2\n3\n4\n5\n6\n7", ann, "m.notice");
    expect(messages.map((m) => m.body)).toEqual(["ann: 1\n2\n3", "ann: 4\n5\n6", "ann: 7"]);
    expect(messages[1]?.formatted_body).toBe(
      '<a href="https://matrix.to/#/@ann:example.org">ann</a>: 4<br>5<br>6',
    );
  });

  it("wrap long lines at word boundaries, cutting only words longer than a line", () => {
    expect(wrapLine("aaa bbb ccc ddd", 7)).toEqual(["aaa bbb", "ccc ddd"]);
    expect(wrapLine("abcdefghij xy", 4)).toEqual(["abcd", "efgh", "ij", "xy"]);
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`);
    const messages = replyMessages(words.join(" "), ann, "m.notice");
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      const lines = m.body.split("\n");
      expect(lines.length).toBeLessThanOrEqual(3);
      for (const line of lines) expect(utf8Bytes(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    }
    const back = messages.map((m) => m.body.replace(/^ann: /, "")).join("\n");
    expect(back.split(/\s+/)).toEqual(words);
  });

  it("keep blank lines inside a reply but not around it", () => {
    expect(splitReply("\na\n\nb\n", 100)).toEqual([["a", "", "b"]]);
  });

  it("fit IRC's byte limit: 480 CJK characters, nick prefix included", () => {
    const text = "会議室の予定表".repeat(69).slice(0, 480); // 3 bytes each: 1,440 bytes
    const kenji = { userId: "@_oftc_kenji:example.org", nick: "kenji" };
    const messages = replyMessages(text, kenji, "m.notice");
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      const lines = m.body.split("\n");
      expect(lines.length).toBeLessThanOrEqual(MAX_LINES_PER_MESSAGE);
      for (const line of lines) expect(utf8Bytes(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
      expect(m.body.startsWith("kenji: ")).toBe(true);
    }
    // Nothing lost or added, lines as full as the limit allows.
    const back = messages.map((m) => m.body.replace(/^kenji: /, "").replace(/\n/g, "")).join("");
    expect(back).toBe(text);
    expect(utf8Bytes(messages[0]?.body.split("\n")[0] ?? "")).toBeGreaterThan(MAX_LINE_BYTES - 3);
  });

  it("count a long nick against every line", () => {
    const nick = "ünïcödé-nick"; // 16 bytes, 12 characters
    const words = Array.from({ length: 120 }, () => "word");
    const [first] = replyMessages(words.join(" "), { userId: "@u:example.org", nick }, "m.text");
    const lines = first?.body.split("\n") ?? [];
    expect(utf8Bytes(lines[0] ?? "")).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(utf8Bytes(lines[0] ?? "")).toBeGreaterThan(MAX_LINE_BYTES - 5);
    for (const line of lines.slice(1)) {
      expect(utf8Bytes(line)).toBeLessThanOrEqual(MAX_LINE_BYTES - utf8Bytes(`${nick}: `));
    }
  });

  it("never cut inside a surrogate pair or a grapheme", () => {
    // 4-byte emoji with skin tones (8 bytes a grapheme), flags, accents written as combining marks.
    const graphemes = ["👍🏽", "🇫🇷", "e\u0301", "한"];
    const text = Array.from({ length: 200 }, (_, i) => graphemes[i % graphemes.length]).join("");
    const pieces = wrapLine(text, 50);
    expect(pieces.join("")).toBe(text);
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    for (const piece of pieces) {
      expect(utf8Bytes(piece)).toBeLessThanOrEqual(50);
      // Each piece is made of whole graphemes of the text, none broken.
      for (const { segment } of segmenter.segment(piece)) expect(graphemes).toContain(segment);
      expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });

  it("break at a space rather than inside a word, in bytes", () => {
    // "héé" is 5 bytes: two of them and a space are 11 bytes.
    expect(wrapLine("héé héé héé", 11)).toEqual(["héé héé", "héé"]);
    expect(wrapLine("héé héé héé", 10)).toEqual(["héé", "héé", "héé"]);
  });

  it("link users with matrix.to", () => {
    expect(userPermalink("@jane:irc.example.org")).toBe(
      "https://matrix.to/#/@jane:irc.example.org",
    );
  });
});
