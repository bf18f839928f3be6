// The chat's words for following tracks (`+follow #nova`, `+unfollow #nova`, `+follow`).
import type { ResultOf } from "./result.js";

export function renderFollow(
  result: ResultOf<"follow.add" | "follow.remove" | "follow.show">,
): string {
  switch (result.kind) {
    case "follow.add":
      return result.already
        ? `You already follow #${result.track}`
        : `You now follow #${result.track}: you will hear what it discusses, and before its slots start`;
    case "follow.remove":
      return result.already
        ? `You did not follow #${result.track}`
        : `You no longer follow #${result.track}`;
    case "follow.show":
      return result.tracks.length === 0
        ? "You don't follow any track yet (+follow #TRACK)"
        : `You follow ${result.tracks.map((t) => `#${t}`).join(" ")}`;
  }
}
