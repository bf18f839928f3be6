// Reply messages, pure. In an event room a reply is addressed to the sender: the plain body
// starts with their nick and a colon (what IRC users see through a bridge), the HTML body with a
// mention pill, and `m.mentions` names them. In a direct chat it is just the text.
// IRC bridges turn long messages into file uploads or links, and IRC limits a line to 512
// bytes with the sender's address and the channel in it, so replies stay short in bytes: a
// message has at most 3 lines of at most 400 UTF-8 bytes, `nick: ` included; longer output is
// wrapped at spaces (else between graphemes, never inside one) and split into several messages.
// A reply to a command is also a Matrix reply to it (`m.in_reply_to`). Its fallback for bridges
// and clients without replies is the `nick: ` prefix; no quoted `> ` fallback (removed from the
// spec by MSC2781, and an IRC bridge would relay it as extra lines).

export const MAX_LINES_PER_MESSAGE = 3;
/** UTF-8 bytes per line, the `nick: ` prefix included. */
export const MAX_LINE_BYTES = 400;
/** A line never gets less room than this, however long the nick. */
const MIN_LINE_BYTES = 100;

export type ReplyMsgtype = "m.notice" | "m.text";

export interface MessageContent {
  msgtype: ReplyMsgtype;
  body: string;
  format?: "org.matrix.custom.html";
  formatted_body?: string;
  "m.mentions": { user_ids?: string[] };
  "m.relates_to"?:
    | { "m.in_reply_to": { event_id: string } }
    /** An edit (bot/delivery/room-status.ts): `m.new_content` is what the message shows now. */
    | { rel_type: "m.replace"; event_id: string };
  "m.new_content"?: Omit<MessageContent, "m.relates_to" | "m.new_content">;
  /** Marks the bot's pinned status message and its edits (bot/delivery/room-status.ts). */
  "org.ptgbot.status"?: true;
}

export interface Addressee {
  userId: string;
  nick: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A matrix.to permalink for a user (characters outside a safe set percent-encoded). */
export function userPermalink(userId: string): string {
  const safe = userId.replace(/[^A-Za-z0-9@:._=\-/+]/g, (c) => encodeURIComponent(c));
  return `https://matrix.to/#/${safe}`;
}

const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The length of `text` in UTF-8 bytes. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** `text` as its graphemes (a grapheme longer than `width` bytes as its code points). */
function units(text: string, width: number): string[] {
  return Array.from(graphemes.segment(text), ({ segment }) => segment).flatMap((g) =>
    utf8Bytes(g) > width ? Array.from(g) : [g],
  );
}

/**
 * Splits one line into pieces of at most `width` UTF-8 bytes, at spaces where possible, else
 * between graphemes (a word longer than a line is cut; a surrogate pair or a combined character
 * never is).
 */
export function wrapLine(line: string, width: number): string[] {
  const pieces: string[] = [];
  let piece: string[] = [];
  let bytes = 0;
  let lastSpace = -1; // where in `piece` its last space is
  const flush = (parts: readonly string[]): void => {
    const text = parts.join("").trimEnd();
    if (text !== "") pieces.push(text);
  };
  for (const unit of units(line.trimEnd(), width)) {
    const size = utf8Bytes(unit);
    if (unit === " ") {
      if (bytes + size > width) {
        // The line is full right before a space: break there.
        flush(piece);
        [piece, bytes, lastSpace] = [[], 0, -1];
      } else if (piece.length > 0 || pieces.length === 0) {
        // (A continuation line does not start with a space; the first keeps its indent.)
        lastSpace = piece.length;
        piece.push(unit);
        bytes += size;
      }
      continue;
    }
    while (bytes + size > width && piece.length > 0) {
      if (lastSpace > 0) {
        flush(piece.slice(0, lastSpace));
        piece = piece.slice(lastSpace + 1);
      } else {
        // One word longer than a line: cut it between graphemes.
        flush(piece);
        piece = [];
      }
      bytes = utf8Bytes(piece.join(""));
      lastSpace = -1; // what was after the last space has no space
    }
    piece.push(unit);
    bytes += size;
  }
  const rest = piece.join("");
  if (rest !== "" || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** The reply's lines, wrapped to `width` UTF-8 bytes, in groups of at most MAX_LINES_PER_MESSAGE. */
export function splitReply(text: string, width: number): string[][] {
  const lines = text
    .split(/\r?\n/)
    .flatMap((line) => wrapLine(line, width))
    .filter((line, i, all) => line !== "" || (i > 0 && i < all.length - 1));
  const messages: string[][] = [];
  for (let i = 0; i < lines.length; i += MAX_LINES_PER_MESSAGE) {
    messages.push(lines.slice(i, i + MAX_LINES_PER_MESSAGE));
  }
  return messages;
}

/**
 * The messages that carry `text` to `to` (null in a direct chat: no address), each a Matrix
 * reply to `inReplyTo` when given. Empty text gives no message.
 */
export function replyMessages(
  text: string,
  to: Addressee | null,
  msgtype: ReplyMsgtype,
  inReplyTo?: string,
): MessageContent[] {
  const relation =
    inReplyTo === undefined ? {} : { "m.relates_to": { "m.in_reply_to": { event_id: inReplyTo } } };
  return addressedMessages(text, to, msgtype).map((content) => ({ ...content, ...relation }));
}

/** The line a failed command was, for its apology: its first 64 characters. */
export function namedLine(line: string): string {
  const chars = Array.from(line.trim());
  return chars.length > 64 ? `${chars.slice(0, 64).join("")}…` : chars.join("");
}

/** An apology for a failed line that names it. */
export const apologyFor = (apology: string, line: string): string =>
  `${apology} (Your line: "${namedLine(line)}")`;

function addressedMessages(
  text: string,
  to: Addressee | null,
  msgtype: ReplyMsgtype,
): MessageContent[] {
  if (text.trim() === "") return [];
  const prefix = to === null ? "" : `${to.nick}: `;
  // Every line gets the first line's room: bridges may repeat the prefix on each IRC line.
  const width = Math.max(MAX_LINE_BYTES - utf8Bytes(prefix), MIN_LINE_BYTES);
  return splitReply(text, width).map((lines) => {
    if (to === null) return { msgtype, body: lines.join("\n"), "m.mentions": {} };
    const pill = `<a href="${escapeHtml(userPermalink(to.userId))}">${escapeHtml(to.nick)}</a>: `;
    return {
      msgtype,
      body: prefix + lines.join("\n"),
      format: "org.matrix.custom.html",
      formatted_body: pill + lines.map(escapeHtml).join("<br>"),
      "m.mentions": { user_ids: [to.userId] },
    };
  });
}
