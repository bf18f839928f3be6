// A polite live region that tells screen readers, in one short line, what the last live update
// changed (announce.ts summarises it). Present from the start, so that readers watch it.
import { useEffect, useRef, useState } from "preact/hooks";
import type { EventState } from "../../../shared/api/event-state.js";
import { summariseChange } from "../announce.js";
import { useLiveStore, type LiveStore } from "../live.js";

export function Announcer({ live }: { live: LiveStore }) {
  const { state } = useLiveStore(live);
  const previous = useRef<EventState | null>(null);
  const [text, setText] = useState("");
  useEffect(() => {
    if (state === null) return;
    const summary = summariseChange(previous.current, state);
    previous.current = state;
    if (summary !== "") setText(summary);
  }, [state]);
  return (
    <div class="visually-hidden announcer" role="status" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
