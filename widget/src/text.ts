// Splits a chat sentence into plain text, `#track` mentions and links. Pure; the components
// render each part as text, a badge or an <a>, so nothing from chat is ever parsed as HTML.
import { safeHttpUrl } from "./safe.js";

export type TopicPart =
  | { kind: "text"; text: string }
  | { kind: "track"; name: string; text: string }
  | { kind: "link"; href: string; text: string };

const TOKEN = /(https?:\/\/[^\s<>"]+)|(^|[^\w#])#([\w][\w.-]*)/gi;
const TRAILING_PUNCTUATION = ".,;:!?'\")]}>";

/** The URL without trailing punctuation that is most likely part of the sentence. */
function trimUrl(raw: string): string {
  let url = raw;
  while (url.length > 0 && TRAILING_PUNCTUATION.includes(url.charAt(url.length - 1))) {
    // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia links).
    if (url.endsWith(")") && url.split("(").length >= url.split(")").length) break;
    url = url.slice(0, -1);
  }
  return url;
}

/**
 * Parts of `sentence`: `#name` becomes a track part when `isTrack(name)` (case-insensitive names,
 * reported lower-cased), http(s) URLs become links; everything else stays text.
 */
export function splitTopic(sentence: string, isTrack: (name: string) => boolean): TopicPart[] {
  const parts: TopicPart[] = [];
  let text = "";
  let last = 0;
  const pushText = (t: string): void => {
    text += t;
  };
  const flush = (): void => {
    if (text !== "") parts.push({ kind: "text", text });
    text = "";
  };
  for (const match of sentence.matchAll(TOKEN)) {
    const start = match.index;
    pushText(sentence.slice(last, start));
    const [whole, url, before = "", tag] = match;
    if (url !== undefined) {
      const trimmed = trimUrl(url);
      const href = safeHttpUrl(trimmed);
      if (href === null) {
        pushText(whole);
      } else {
        flush();
        parts.push({ kind: "link", href, text: trimmed });
        pushText(url.slice(trimmed.length));
      }
    } else if (tag !== undefined) {
      const name = tag.replace(/[.-]+$/, "");
      const rest = tag.slice(name.length);
      pushText(before);
      if (isTrack(name.toLowerCase())) {
        flush();
        parts.push({ kind: "track", name: name.toLowerCase(), text: `#${name}` });
        pushText(rest);
      } else {
        pushText(`#${tag}`);
      }
    }
    last = start + whole.length;
  }
  pushText(sentence.slice(last));
  flush();
  return parts;
}
