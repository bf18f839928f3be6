// A small dot and word saying whether updates are arriving.
import type { LiveStatus } from "../live.js";

const WORDS: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
};

export function LiveIndicator({ status }: { status: LiveStatus }) {
  return (
    <span class={`live live-${status}`} role="status" title="Live updates">
      <span class="live-dot" aria-hidden="true" />
      {WORDS[status]}
    </span>
  );
}
