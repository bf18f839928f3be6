// The pinned status message's text (issue 20), pure: what every track does now, one line per
// track that does something or has a video link, cut short with a link to the page when it
// would not fit one message that bridges and clients show whole.
import type { EventState, TrackState } from "../../shared/api/event-state.js";
import { escapeHtml } from "./replies.js";

/** At most this many track lines, and this many characters in all. */
export const STATUS_MAX_LINES = 25;
export const STATUS_MAX_CHARS = 3000;

/** The video link a track's status shows: its own url, else its room's. */
export function videoLink(track: TrackState, state: Pick<EventState, "rooms">): string | null {
  return track.url ?? state.rooms.find((r) => r.name === track.location)?.url ?? null;
}

export interface StatusText {
  body: string;
  html: string;
}

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

function trackLine(track: TrackState, video: string | null): { text: string; html: string } {
  const parts = [
    track.now === null ? "-" : oneLine(track.now.topic),
    ...(track.location === null ? [] : [`at ${oneLine(track.location)}`]),
  ];
  const text = `#${track.name}: ${parts.join(" ")}${video === null ? "" : ` | Video: ${video}`}`;
  const link = video === null ? "" : ` | <a href="${escapeHtml(video)}">Join video</a>`;
  return { text, html: `<b>#${escapeHtml(track.name)}</b>: ${escapeHtml(parts.join(" "))}${link}` };
}

/** The status of every track of `state` that does something now or has a video link. */
export function statusText(state: EventState, pageUrl: string): StatusText {
  const lines = state.tracks.flatMap((track) => {
    const video = videoLink(track, state);
    return track.now === null && video === null ? [] : [trackLine(track, video)];
  });
  const head = `${oneLine(state.name)}: what every track does now`;
  const body = [head];
  const html = [`<b>${escapeHtml(head)}</b>`];
  let chars = head.length;
  let shown = 0;
  for (const line of lines) {
    if (shown >= STATUS_MAX_LINES || chars + line.text.length + 1 > STATUS_MAX_CHARS) break;
    body.push(line.text);
    html.push(line.html);
    chars += line.text.length + 1;
    shown++;
  }
  if (lines.length === 0) {
    body.push("No track has a topic now.");
    html.push("No track has a topic now.");
  }
  if (shown < lines.length) {
    const more = `… and ${lines.length - shown} more tracks: ${pageUrl}`;
    body.push(more);
    html.push(
      `… and ${lines.length - shown} more tracks: <a href="${escapeHtml(pageUrl)}">${escapeHtml(pageUrl)}</a>`,
    );
  }
  return { body: body.join("\n"), html: html.join("<br>") };
}
