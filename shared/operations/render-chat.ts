// The chat reply to an operation's result: the exact words PTGbot's users know. Empty when the
// command succeeds silently. A reply quotes at most an excerpt of anything a person typed
// (input-rules.ts), and a long list of tracks is shown a page at a time, so that one command
// gets one short reply.
import { excerpt, listExcerpt } from "../domain/input-rules.js";
import { formatTimestamp } from "../domain/timestamp.js";
import { renderFollow } from "./render-follow.js";
import { helpText } from "./help.js";
import type { VenueSetting } from "./operation.js";
import type { OperationResult } from "./result.js";

/** How many characters of track names one page of `~list` shows. */
export const LIST_PAGE_CHARS = 600;

/** Track names in pages of at most LIST_PAGE_CHARS characters (names joined by spaces). */
export function listPages(names: readonly string[]): string[][] {
  const pages: string[][] = [];
  let page: string[] = [];
  let used = 0;
  for (const name of names) {
    const shown = excerpt(name);
    if (page.length > 0 && used + 1 + shown.length > LIST_PAGE_CHARS) {
      pages.push(page);
      [page, used] = [[], 0];
    }
    used += (page.length > 0 ? 1 : 0) + shown.length;
    page.push(shown);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

function renderList(tracks: readonly string[], page: number): string {
  const pages = listPages(tracks);
  if (pages.length === 0) return "There are no tracks yet";
  if (pages.length === 1) return `Available tracks: ${(pages[0] ?? []).join(" ")}`;
  const names = pages[page - 1];
  if (names === undefined) {
    return `There are ${pages.length} pages of tracks: ~list 1 to ~list ${pages.length}`;
  }
  const more = page < pages.length ? ` (~list ${page + 1} for more)` : "";
  return `Available tracks, page ${page} of ${pages.length} (${tracks.length} tracks): ${names.join(" ")}${more}`;
}

export function renderChat(result: OperationResult): string {
  switch (result.kind) {
    case "help":
      return helpText(result.helpUrl);
    case "track.now":
    case "track.next": {
      const adverb = result.kind === "track.now" ? "now" : "next";
      return result.noRoomToday
        ? `#${result.track} ${adverb} was set, but #${result.track} does not appear to have a room scheduled today`
        : "";
    }
    case "track.clean":
      return `Cleaned now and next for #${result.track}`;
    case "track.etherpad":
      return `Etherpad for #${result.track} is now ${excerpt(result.etherpad)}`;
    case "track.url":
      return result.url === null
        ? `Removed the meeting link of #${result.track}`
        : `Meeting link for #${result.track} is now ${excerpt(result.url)}`;
    case "track.color":
      return `Colour of #${result.track} is now ${excerpt(result.color)}`;
    case "track.location":
      return `#${result.track} is now meeting in ${excerpt(result.location)}`;
    case "booking.book":
      return `Room ${excerpt(result.room)} is now booked on ${excerpt(result.slot)} for ${result.track}`;
    case "booking.unbook":
      return `Room ${excerpt(result.room)} (previously booked for ${result.track}) is now free on ${excerpt(result.slot)}`;
    case "presence.checkIn":
      return `OK, checked into ${excerpt(result.place)} - thanks for the update!`;
    case "presence.checkOut":
      return `OK, checked out of ${excerpt(result.place)} - thanks for the update!`;
    case "presence.seen": {
      const { found } = result;
      if (found === null) return `${excerpt(result.asked)} never checked in anywhere`;
      const [nick, location] = [excerpt(found.nick), excerpt(found.location)];
      return found.checkedOut
        ? `${nick} checked out of ${location} at ${formatTimestamp(found.at)} UTC`
        : `${nick} was last seen in ${location} at ${formatTimestamp(found.at)} UTC`;
    }
    case "subscription.show":
      return result.pattern === null
        ? "You don't have a subscription regex set yet"
        : `Your current subscription regex is: ${excerpt(result.pattern)}`;
    case "subscription.set":
      return `Subscription set to ${excerpt(result.pattern)}${result.previous === null ? "" : ` (was ${excerpt(result.previous)})`}`;
    case "subscription.cancel":
      return result.pattern === null
        ? "You don't have a subscription regex set yet"
        : `Cancelled subscription ${excerpt(result.pattern)}`;
    case "follow.add":
    case "follow.remove":
    case "follow.show":
      return renderFollow(result);
    case "admin.list":
      return renderList(result.tracks, result.page);
    case "admin.addTracks":
      return `Added tracks: ${listExcerpt(result.tracks)}`;
    case "admin.deleteTracks":
      return `Removed tracks: ${listExcerpt(result.tracks)}`;
    case "admin.cleanTracks":
      return `Cleaned now and next for: ${listExcerpt(result.tracks)}`;
    case "admin.newDay":
      return "Cleared now, next, locations and check-ins: ready for a new day";
    case "admin.motdAdd":
      return `Added banner ${result.number} (${result.level}): ${excerpt(result.message)}`;
    case "admin.motdDel":
      return `Removed banner ${result.number}`;
    case "admin.motdReorder":
      return `Banners are now in the order ${listExcerpt(result.order.map(String))}`;
    case "admin.motdClean":
      return "Removed all banners";
    case "admin.requireVoice":
      return "Voice is now required to issue track commands";
    case "admin.allowEveryone":
      return "Everyone may now issue track commands";
    case "admin.emptyDb":
      return `Event ${result.slug} is now empty`;
    case "admin.fetchDb":
    case "admin.importDocument":
      return result.summary;
    case "admin.showEvent":
      return `This room is bound to event ${result.slug}`;
    case "admin.bindEvent":
      return `This room is now bound to event ${result.slug}`;
    case "admin.showName":
      return `This event is called ${excerpt(result.name)}`;
    case "admin.setName":
      return `This event is now called ${excerpt(result.name)}`;
    case "admin.widget":
      return "";
    case "admin.venue":
      return renderVenue(result);
  }
}

const VENUE_WORDS: Record<VenueSetting, { name: string; usage: string }> = {
  timezone: { name: "Time zone", usage: "~timezone ZONE (e.g. Europe/Berlin)" },
  firstday: { name: "First day", usage: "~firstday YYYY-MM-DD" },
  irc: { name: "IRC channel", usage: "~irc ircs://HOST/#CHANNEL" },
};

function renderVenue(result: Extract<OperationResult, { kind: "admin.venue" }>): string {
  const { name, usage } = VENUE_WORDS[result.setting];
  if (result.shown) {
    return result.value === null
      ? `${name}: not set (${usage} sets it)`
      : `${name}: ${result.value}`;
  }
  return result.value === null ? `${name} cleared` : `${name} is now ${result.value}`;
}
