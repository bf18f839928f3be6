// How many people are checked into a track; their names on hover (title) and on keyboard focus.
import { t } from "../i18n/messages.js";
import type { CheckedInPerson } from "../../../shared/api/event-state.js";

interface Props {
  people: readonly CheckedInPerson[];
}

export function CheckedIn({ people }: Props) {
  if (people.length === 0) return null;
  const names = people.map((p) => p.nick).join(", ");
  const count = people.length;
  return (
    <span
      class="people"
      tabIndex={0}
      title={names}
      data-names={names}
      aria-label={t.checkedIn(count, names)}
    >
      <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="8" cy="5" r="3" />
        <path d="M2 15c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5z" />
      </svg>
      {count}
    </span>
  );
}
