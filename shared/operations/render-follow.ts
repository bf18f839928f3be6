// The chat's words for following tracks (shared/spec/commands.md) (`+follow #nova`, `+unfollow #nova`, `+follow`).
import type { ResultOf } from "./result.js";

export function renderFollow(
  result: ResultOf<"follow.add" | "follow.remove" | "follow.show">,
): string {
  switch (result.kind) {
    case "follow.add":
      // The same words whether or not the sender followed it already: the state is the same.
      return `Following #${result.track}`;
    case "follow.remove":
      return result.already
        ? `You don't follow #${result.track}`
        : `No longer following #${result.track}`;
    case "follow.show":
      return result.tracks.length === 0
        ? "You don't follow any track yet (+follow #TRACK)"
        : `Following ${result.tracks.map((t) => `#${t}`).join(" ")}`;
  }
}
