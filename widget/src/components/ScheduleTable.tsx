// One day of the schedule: rooms down, slots across; the slot running now is highlighted.
import type {
  DayState,
  EventState,
  RoomState,
  TrackState,
} from "../../../shared/api/event-state.js";
import { cellFor, roomsForDay } from "../schedule.js";
import { formatSlotStart, isCurrentSlot } from "../time.js";
import { RoomHeader } from "./RoomHeader.js";
import { FreeSlot, UnbookSlot } from "./SlotActions.js";
import { TrackBadge } from "./TrackBadge.js";

interface Props {
  state: EventState;
  day: DayState;
  tracks: ReadonlyMap<string, TrackState>;
  now: Date;
  /** The rows to show (default: every room open that day). */
  rooms?: readonly RoomState[];
}

export function ScheduleTable({ state, day, tracks, now, rooms: only }: Props) {
  const rooms = only ?? roomsForDay(state.rooms, day);
  if (rooms.length === 0) {
    return <p class="empty">No room is open on {day.name}.</p>;
  }
  const current = day.slots.map((slot) => isCurrentSlot(slot, now));
  return (
    <div class="table-scroll">
      <table class="schedule">
        <caption class="visually-hidden">Schedule for {day.name}</caption>
        <thead>
          <tr>
            <th scope="col" class="corner">
              Room
            </th>
            {day.slots.map((slot, i) => {
              // The viewer's start time, unless the label already says it (same time zone).
              const start = formatSlotStart(slot);
              const showStart = start !== null && !slot.label.startsWith(start);
              return (
                <th
                  key={slot.code}
                  scope="col"
                  class={current[i] ? "slot current" : "slot"}
                  aria-current={current[i] ? "time" : undefined}
                >
                  <span class="slot-label">{slot.label}</span>
                  {showStart ? (
                    <span class="slot-local" title="Start time in your time zone">
                      <time class="slot-start" dateTime={slot.startsAt ?? undefined}>
                        {start}
                      </time>{" "}
                      your time
                    </span>
                  ) : null}
                  {current[i] ? <span class="now-tag">now</span> : null}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rooms.map((room) => (
            <tr key={room.name}>
              <RoomHeader room={room} />
              {day.slots.map((slot, i) => {
                const cell = cellFor(room, slot);
                const className = current[i] ? "cell current" : "cell";
                if (cell.kind === "booked") {
                  return (
                    <td key={slot.code} class={className}>
                      <TrackBadge name={cell.track} color={tracks.get(cell.track)?.color ?? null} />
                      <UnbookSlot room={room.name} slot={slot.code} track={cell.track} />
                    </td>
                  );
                }
                if (cell.kind === "available") {
                  return (
                    <td key={slot.code} class={`${className} available`}>
                      <FreeSlot room={room.name} slot={slot.code} code={cell.code} />
                    </td>
                  );
                }
                return (
                  <td key={slot.code} class={`${className} closed`}>
                    <span aria-label="not offered">–</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
