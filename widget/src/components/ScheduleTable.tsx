// One day of the schedule: rooms down, slots across; the slot running now is highlighted.
import { t } from "../i18n/messages.js";
import type {
  DayState,
  EventState,
  RoomState,
  TrackState,
} from "../../../shared/api/event-state.js";
import { cellFor, roomsForDay } from "../schedule.js";
import { dayLabel, formatDayDate, isCurrentSlot, slotTimes, viewerTimeZone } from "../time.js";
import { RoomHeader } from "./RoomHeader.js";
import { FreeSlot, SlotWarning, UnbookSlot } from "./SignedIn.js";
import { TrackBadge } from "./TrackBadge.js";

interface Props {
  state: EventState;
  day: DayState;
  tracks: ReadonlyMap<string, TrackState>;
  now: Date;
  /** The rows to show (default: every room open that day). */
  rooms?: readonly RoomState[];
  /** Signage: venue time only (no "your time"). */
  venueOnly?: boolean;
}

export function ScheduleTable({ state, day, tracks, now, rooms: only, venueOnly = false }: Props) {
  const rooms = only ?? roomsForDay(state.rooms, day);
  if (rooms.length === 0) {
    return <p class="empty">{t.noRoomOpen(dayLabel(day.name))}</p>;
  }
  const current = day.slots.map((slot) => isCurrentSlot(slot, now));
  const viewer = viewerTimeZone();
  // A hallway screen stands at the venue: without an event zone, its own zone is the venue's.
  const venueZone = state.timeZone ?? (venueOnly ? viewer : null);
  const date = formatDayDate(day, venueZone ?? undefined);
  return (
    <div class="table-scroll">
      <table class="schedule">
        <caption class="visually-hidden">{t.scheduleFor(date ?? dayLabel(day.name))}</caption>
        <thead>
          <tr>
            <th scope="col" class="corner">
              {t.room}
            </th>
            {day.slots.map((slot, i) => {
              const times = slotTimes(slot, venueZone, viewer);
              return (
                <th
                  key={slot.code}
                  scope="col"
                  class={current[i] ? "slot current" : "slot"}
                  aria-current={current[i] ? "time" : undefined}
                >
                  {current[i] ? <span class="now-tag">{t.nowTag}</span> : null}
                  <span class="slot-label">{slot.label}</span>
                  {times.venue !== null ? (
                    <time class="slot-venue" dateTime={slot.startsAt ?? undefined}>
                      {times.venue}
                    </time>
                  ) : null}
                  {times.local !== null && !venueOnly ? (
                    <span class="slot-local" title={t.inYourTimeZone(viewer)}>
                      <time dateTime={slot.startsAt ?? undefined}>{t.yourTime(times.local)}</time>
                    </span>
                  ) : null}
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
                      <SlotWarning room={room.name} slot={slot.code} track={cell.track} />
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
                    <span role="img" aria-label={t.notOffered}>
                      –
                    </span>
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
