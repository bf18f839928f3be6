// What a hallway screen shows, in order: banners, then every track with a topic now (with where
// it meets), then what comes next per track. Pure; signage-pages.ts cuts it into pages.
import type { Banner, EventState, TrackState } from "../../shared/api/event-state.js";

/** How many upcoming topics a track shows on a screen (the rest are counted). */
export const NEXT_SHOWN = 3;

export type SignSection = "banners" | "now" | "next";

export type SignItem =
  | { kind: "banner"; section: "banners"; key: string; banner: Banner }
  | { kind: "now"; section: "now"; key: string; track: TrackState }
  | { kind: "quiet"; section: "now"; key: string }
  | { kind: "next"; section: "next"; key: string; track: TrackState };

export function signItems(state: EventState): SignItem[] {
  const banners: SignItem[] = state.banners.map((banner, i) => ({
    kind: "banner",
    section: "banners",
    key: `banner-${i}`,
    banner,
  }));
  const now: SignItem[] = state.tracks
    .filter((t) => t.now !== null)
    .map((track) => ({ kind: "now", section: "now", key: `now-${track.name}`, track }));
  const next: SignItem[] = state.tracks
    .filter((t) => t.next.length > 0)
    .map((track) => ({ kind: "next", section: "next", key: `next-${track.name}`, track }));
  const quiet: SignItem[] =
    now.length === 0 ? [{ kind: "quiet", section: "now", key: "quiet" }] : [];
  return [...banners, ...now, ...quiet, ...next];
}
