// What an applied operation may have changed in its event's state, for the version bump's
// notification: listeners re-read only that. An operation not named here says nothing (its
// listeners re-read the whole event), so a new kind is correct before it is fast.
import type { ChangeScope } from "../store/events.js";
import type { TrackRef } from "../store/tracks.js";
import type { Operation } from "./operation.js";

const trackNames = (names: readonly string[]): string[] => [
  ...new Set(names.map((n) => n.replace(/^#/, "").toLowerCase())),
];

/** `track`: the track the operation was authorized on, if any. Undefined: anything. */
export function changeScope(operation: Operation, track: TrackRef | null): ChangeScope | undefined {
  switch (operation.kind) {
    case "track.now":
    case "track.next":
    case "track.clean":
    case "track.etherpad":
    case "track.url":
    case "track.color":
    case "track.location":
      return track === null ? undefined : { tracks: [track.name] };
    case "booking.book":
    case "booking.unbook":
      return { parts: ["rooms"] };
    case "presence.checkIn":
    case "presence.checkOut":
      return { parts: ["people"] };
    case "subscription.set":
    case "subscription.cancel":
    case "admin.setName":
      return {};
    case "admin.addTracks":
    case "admin.cleanTracks":
      return { tracks: trackNames(operation.tracks) };
    case "admin.deleteTracks":
      // Their bookings become available.
      return { tracks: trackNames(operation.tracks), parts: ["rooms"] };
    case "admin.motdAdd":
    case "admin.motdDel":
    case "admin.motdReorder":
    case "admin.motdClean":
      return { parts: ["banners"] };
    case "admin.requireVoice":
    case "admin.allowEveryone":
      return { parts: ["settings"] };
    case "admin.bindEvent":
      return { parts: ["chatRooms", "power"] };
    default:
      return undefined;
  }
}
