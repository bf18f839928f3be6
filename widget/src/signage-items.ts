// What a hallway screen shows, in order: banners, then every track with a topic now (with where
// it meets) and the talks of an imported schedule running now, then what comes next per track
// and the next talk in each room. Pure; signage-pages.ts cuts it into pages.
import type { Banner, EventState, TalkState, TrackState } from "../../shared/api/event-state.js";
import { runningTalks, upcomingTalks } from "./talks.js";

/** How many upcoming topics a track shows on a screen (the rest are counted). */
export const NEXT_SHOWN = 3;

export type SignSection = "banners" | "now" | "next";

export type SignItem =
  | { kind: "banner"; section: "banners"; key: string; banner: Banner }
  | { kind: "now"; section: "now"; key: string; track: TrackState }
  | { kind: "quiet"; section: "now"; key: string }
  | { kind: "next"; section: "next"; key: string; track: TrackState }
  | { kind: "talk"; section: "now" | "next"; key: string; talk: TalkState };

export function signItems(state: EventState, now: Date = new Date()): SignItem[] {
  const banners: SignItem[] = state.banners.map((banner, i) => ({
    kind: "banner",
    section: "banners",
    key: `banner-${i}`,
    banner,
  }));
  const nowTracks: SignItem[] = state.tracks
    .filter((t) => t.now !== null)
    .map((track) => ({ kind: "now", section: "now", key: `now-${track.name}`, track }));
  const next: SignItem[] = state.tracks
    .filter((t) => t.next.length > 0)
    .map((track) => ({ kind: "next", section: "next", key: `next-${track.name}`, track }));
  const talksNow: SignItem[] = runningTalks(state.talks, now).map((talk) => ({
    kind: "talk",
    section: "now",
    key: `talk-now-${talk.guid}`,
    talk,
  }));
  const talksNext: SignItem[] = upcomingTalks(state.talks, now).map((talk) => ({
    kind: "talk",
    section: "next",
    key: `talk-next-${talk.guid}`,
    talk,
  }));
  const quiet: SignItem[] =
    nowTracks.length === 0 && talksNow.length === 0
      ? [{ kind: "quiet", section: "now", key: "quiet" }]
      : [];
  return [...banners, ...talksNow, ...nowTracks, ...quiet, ...talksNext, ...next];
}
