// The chat reply to an operation's result: the exact words PTGbot's users know. Empty when the
// command succeeds silently.
import { formatTimestamp } from "../domain/timestamp.js";
import { renderFollow } from "./render-follow.js";
import { helpText } from "./help.js";
import type { VenueSetting } from "./operation.js";
import type { OperationResult } from "./result.js";

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
      return `Etherpad for #${result.track} is now ${result.etherpad}`;
    case "track.url":
      return result.url === null
        ? `Removed the meeting link of #${result.track}`
        : `Meeting link for #${result.track} is now ${result.url}`;
    case "track.color":
      return `Colour of #${result.track} is now ${result.color}`;
    case "track.location":
      return `#${result.track} is now meeting in ${result.location}`;
    case "booking.book":
      return `Room ${result.room} is now booked on ${result.slot} for ${result.track}`;
    case "booking.unbook":
      return `Room ${result.room} (previously booked for ${result.track}) is now free on ${result.slot}`;
    case "presence.checkIn":
      return `OK, checked into ${result.place} - thanks for the update!`;
    case "presence.checkOut":
      return `OK, checked out of ${result.place} - thanks for the update!`;
    case "presence.seen": {
      const { found } = result;
      if (found === null) return `${result.asked} never checked in anywhere`;
      return found.checkedOut
        ? `${found.nick} checked out of ${found.location} at ${formatTimestamp(found.at)} UTC`
        : `${found.nick} was last seen in ${found.location} at ${formatTimestamp(found.at)} UTC`;
    }
    case "subscription.show":
      return result.pattern === null
        ? "You don't have a subscription regex set yet"
        : `Your current subscription regex is: ${result.pattern}`;
    case "subscription.set":
      return `Subscription set to ${result.pattern}${result.previous === null ? "" : ` (was ${result.previous})`}`;
    case "subscription.cancel":
      return result.pattern === null
        ? "You don't have a subscription regex set yet"
        : `Cancelled subscription ${result.pattern}`;
    case "follow.add":
    case "follow.remove":
    case "follow.show":
      return renderFollow(result);
    case "admin.list":
      return result.tracks.length > 0
        ? `Available tracks: ${result.tracks.join(" ")}`
        : "There are no tracks yet";
    case "admin.addTracks":
      return `Added tracks: ${result.tracks.join(" ")}`;
    case "admin.deleteTracks":
      return `Removed tracks: ${result.tracks.join(" ")}`;
    case "admin.cleanTracks":
      return `Cleaned now and next for: ${result.tracks.join(" ")}`;
    case "admin.newDay":
      return "Cleared now, next, locations and check-ins: ready for a new day";
    case "admin.motdAdd":
      return `Added banner ${result.number} (${result.level}): ${result.message}`;
    case "admin.motdDel":
      return `Removed banner ${result.number}`;
    case "admin.motdReorder":
      return `Banners are now in the order ${result.order.join(" ")}`;
    case "admin.motdClean":
      return "Removed all banners";
    case "admin.requireVoice":
      return "Voice is now required to issue track commands";
    case "admin.allowEveryone":
      return "Everyone may now issue track commands";
    case "admin.emptyDb":
      return `Event ${result.slug} is now empty`;
    case "admin.fetchDb":
      return result.summary;
    case "admin.showEvent":
      return `This room is bound to event ${result.slug}`;
    case "admin.bindEvent":
      return `This room is now bound to event ${result.slug}`;
    case "admin.showName":
      return `This event is called ${result.name}`;
    case "admin.setName":
      return `This event is now called ${result.name}`;
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
