// Where the page shows what only a signed-in user inside a Matrix client sees (the session's
// status, the action panel, booking from the schedule, the private calendar link, the lead tools
// and the conflict warnings on slots): stand-ins that render nothing (a free slot: its read-only
// code) until signed-in.tsx, a chunk loaded on demand, provides the parts.
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { EventState } from "../../../shared/api/event-state.js";
import { t } from "../i18n/messages.js";

interface FreeSlotProps {
  room: string;
  slot: string;
  /** The booking code shown (`ROOM-SLOT`). */
  code: string;
}

interface UnbookSlotProps {
  room: string;
  slot: string;
  track: string;
}

export interface SignedInParts {
  ActionPanel: ComponentType<{ state: EventState }>;
  SessionStatus: ComponentType;
  FreeSlot: ComponentType<FreeSlotProps>;
  UnbookSlot: ComponentType<UnbookSlotProps>;
  SlotWarning: ComponentType<UnbookSlotProps>;
  MyCalendar: ComponentType<{ slug: string }>;
  LeadTools: ComponentType<{ state: EventState }>;
}

let parts: SignedInParts | null = null;
const listeners = new Set<(loaded: SignedInParts) => void>();

export function provideSignedInParts(loaded: SignedInParts): void {
  parts = loaded;
  for (const listener of listeners) listener(loaded);
  listeners.clear();
}

function useParts(): SignedInParts | null {
  const [current, setCurrent] = useState(parts);
  useEffect(() => {
    if (parts !== null) {
      setCurrent(parts);
      return;
    }
    listeners.add(setCurrent);
    return () => {
      listeners.delete(setCurrent);
    };
  }, []);
  return current;
}

export function ActionPanel({ state }: { state: EventState }) {
  const loaded = useParts();
  return loaded === null ? null : <loaded.ActionPanel state={state} />;
}

export function SessionStatus() {
  const loaded = useParts();
  return loaded === null ? null : <loaded.SessionStatus />;
}

export function FreeSlot(props: FreeSlotProps) {
  const loaded = useParts();
  if (loaded !== null) return <loaded.FreeSlot {...props} />;
  return (
    <code class="free" title={t.availableBookWith(props.code)}>
      {props.code}
    </code>
  );
}

export function UnbookSlot(props: UnbookSlotProps) {
  const loaded = useParts();
  return loaded === null ? null : <loaded.UnbookSlot {...props} />;
}

export function SlotWarning(props: UnbookSlotProps) {
  const loaded = useParts();
  return loaded === null ? null : <loaded.SlotWarning {...props} />;
}

export function MyCalendarSlot({ slug }: { slug: string }) {
  const loaded = useParts();
  return loaded === null ? null : <loaded.MyCalendar slug={slug} />;
}

export function LeadTools({ state }: { state: EventState }) {
  const loaded = useParts();
  return loaded === null ? null : <loaded.LeadTools state={state} />;
}
