// One tab per day, following the WAI-ARIA tabs pattern: arrow keys, Home and End move between
// tabs (and select them); only the selected tab is in the Tab order.
import { t } from "../i18n/messages.js";
import type { DayState } from "../../../shared/api/event-state.js";
import { dayLabel } from "../time.js";

interface Props {
  days: readonly DayState[];
  selected: number;
  today: number;
  onSelect: (index: number) => void;
}

export const tabId = (i: number): string => `day-tab-${i}`;
export const panelId = (i: number): string => `day-panel-${i}`;

export function DayTabs({ days, selected, today, onSelect }: Props) {
  const move = (event: KeyboardEvent, index: number): void => {
    const last = days.length - 1;
    const target: Record<string, number> = {
      ArrowRight: index === last ? 0 : index + 1,
      ArrowLeft: index === 0 ? last : index - 1,
      Home: 0,
      End: last,
    };
    const next = target[event.key];
    if (next === undefined) return;
    event.preventDefault();
    onSelect(next);
    document.getElementById(tabId(next))?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={t.days}>
      {days.map((day, i) => (
        <button
          key={i}
          type="button"
          role="tab"
          id={tabId(i)}
          class={i === today ? "tab tab-today" : "tab"}
          aria-selected={i === selected}
          aria-controls={i === selected ? panelId(i) : undefined}
          tabIndex={i === selected ? 0 : -1}
          onClick={() => {
            onSelect(i);
          }}
          onKeyDown={(event) => {
            move(event, i);
          }}
        >
          {dayLabel(day.name)}
          {i === today ? <span class="visually-hidden">{t.today}</span> : null}
        </button>
      ))}
    </div>
  );
}
