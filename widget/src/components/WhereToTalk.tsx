// Where to talk and where to look: the event's Matrix rooms (through matrix.to), each track's own
// room, its IRC channel when one is configured, the calendar to subscribe to and the bot's help
// page. Only public rooms are in the state (private rooms' ids are never published).
import { t } from "../i18n/messages.js";
import type { EventState } from "../../../shared/api/event-state.js";
import {
  eventCalendarUrl,
  helpUrl,
  ircUrl,
  matrixToUrl,
  scheduleExportUrl,
  trackRoomUrl,
} from "../links.js";
import { Fill } from "./Fill.js";

export function WhereToTalk({ state }: { state: EventState }) {
  const irc = ircUrl(state.ircChannel);
  // Track rooms are event rooms too: listed once, under their track.
  const trackRoomIds = new Set(state.trackRooms.map((r) => r.roomId));
  const rooms = state.matrixRooms.filter((r) => !trackRoomIds.has(r));
  return (
    <section class="card where-to-talk" aria-labelledby="talk-title">
      <h2 id="talk-title">{t.whereToTalk}</h2>
      <ul class="talk">
        {rooms.map((roomId, i) => (
          <li key={roomId}>
            <a
              class="talk-matrix"
              href={matrixToUrl(roomId)}
              target="_blank"
              rel="noopener noreferrer"
            >
              {rooms.length === 1 ? t.eventMatrixRoom : t.eventRoomN(i + 1)}
            </a>{" "}
            <span class="muted">{t.typeCommandsThere}</span>
          </li>
        ))}
        {rooms.length === 0 && state.trackRooms.length === 0 ? (
          <li class="muted">
            <Fill text={t.matrixRoomMissing} code="~event" />
          </li>
        ) : null}
        {state.trackRooms.length > 0 ? (
          <li class="talk-track-rooms">
            <span class="muted">{t.trackRooms}</span>{" "}
            {state.trackRooms.map((room, i) => (
              <span key={room.track}>
                {i > 0 ? ", " : null}
                <a
                  class="talk-track-room"
                  href={trackRoomUrl(room)}
                  target="_blank"
                  rel="noopener noreferrer"
                  aria-label={t.trackRoomOf(room.track)}
                >
                  #{room.track}
                </a>
              </span>
            ))}
          </li>
        ) : null}
        {irc !== null && state.ircChannel !== null ? (
          <li>
            <a class="talk-irc" href={irc}>
              {state.ircChannel.channel}
            </a>{" "}
            <span class="muted">{t.onNetwork(state.ircChannel.network)}</span>
          </li>
        ) : null}
        <li>
          <a class="talk-calendar" href={eventCalendarUrl(state.slug)}>
            {t.eventCalendar}
          </a>{" "}
          <span class="muted">{t.eventCalendarHint}</span>
        </li>
        <li>
          {t.scheduleForApps}{" "}
          <a class="talk-schedule-json" href={scheduleExportUrl(state.slug, "json")}>
            schedule.json
          </a>{" "}
          ·{" "}
          <a class="talk-schedule-xml" href={scheduleExportUrl(state.slug, "xml")}>
            schedule.xml
          </a>{" "}
          <span class="muted">{t.scheduleAppsHint}</span>
        </li>
        <li>
          <a class="talk-help" href={helpUrl()} target="_blank" rel="noopener noreferrer">
            {t.helpLink}
          </a>
        </li>
      </ul>
    </section>
  );
}
