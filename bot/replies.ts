// Reply messages, pure. In an event room a reply is addressed to the sender: the plain body
// starts with their nick and a colon (what IRC users see through a bridge), the HTML body with a
// mention pill, and `m.mentions` names them. In a direct chat it is just the text.
// IRC bridges turn long messages into file uploads, so replies stay short: a message has at
// most 3 lines of at most ~400 characters; longer output is wrapped at word boundaries and
// split into several messages.

export const MAX_LINES_PER_MESSAGE = 3;
export const MAX_LINE_LENGTH = 400;

export type ReplyMsgtype = "m.notice" | "m.text";

export interface MessageContent {
  msgtype: ReplyMsgtype;
  body: string;
  format?: "org.matrix.custom.html";
  formatted_body?: string;
  "m.mentions": { user_ids?: string[] };
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

/** Splits one line into pieces of at most `width` characters, at spaces where possible. */
export function wrapLine(line: string, width: number): string[] {
  const pieces: string[] = [];
  let rest = line.trimEnd();
  while (rest.length > width) {
    const cut = rest.lastIndexOf(" ", width);
    if (cut > 0) {
      pieces.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut + 1).trimStart();
    } else {
      // One word longer than a line: cut it.
      pieces.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
  }
  pieces.push(rest);
  return pieces;
}

/** The reply's lines, wrapped, in groups of at most MAX_LINES_PER_MESSAGE. */
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
 * The messages that carry `text` to `to` (null in a direct chat: no address). Empty text gives
 * no message.
 */
export function replyMessages(
  text: string,
  to: Addressee | null,
  msgtype: ReplyMsgtype,
): MessageContent[] {
  if (text.trim() === "") return [];
  const prefix = to === null ? "" : `${to.nick}: `;
  const width = Math.max(MAX_LINE_LENGTH - prefix.length, 40);
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
