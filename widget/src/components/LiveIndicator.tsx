// A small dot and word saying whether updates are arriving.
import { t } from "../i18n/messages.js";
import type { LiveStatus } from "../live.js";

export function LiveIndicator({ status }: { status: LiveStatus }) {
  const words: Record<LiveStatus, string> = {
    connecting: t.connecting,
    live: t.live,
    reconnecting: t.reconnecting,
  };
  return (
    <span class={`live live-${status}`} role="status" title={t.liveUpdates}>
      <span class="live-dot" aria-hidden="true" />
      {words[status]}
    </span>
  );
}
