// Where to talk and where to look: the event's Matrix rooms (through matrix.to), its IRC channel
// when one is configured, the calendar to subscribe to and the bot's help page.
import type { EventState } from "../../../shared/api/event-state.js";
import { eventCalendarUrl, helpUrl, ircUrl, matrixToUrl, scheduleExportUrl } from "../links.js";

export function WhereToTalk({ state }: { state: EventState }) {
  const irc = ircUrl(state.ircChannel);
  const rooms = state.matrixRooms;
  return (
    <section class="card where-to-talk" aria-labelledby="talk-title">
      <h2 id="talk-title">Where to talk</h2>
      <ul class="talk">
        {rooms.map((roomId, i) => (
          <li key={roomId}>
            <a
              class="talk-matrix"
              href={matrixToUrl(roomId)}
              target="_blank"
              rel="noopener noreferrer"
            >
              {rooms.length === 1 ? "The event’s Matrix room" : `Event room ${i + 1} on Matrix`}
            </a>{" "}
            <span class="muted">— type the commands below there</span>
          </li>
        ))}
        {rooms.length === 0 ? (
          <li class="muted">
            The event’s Matrix room is not set up yet (an organizer runs <code>~event</code> in it).
          </li>
        ) : null}
        {irc !== null && state.ircChannel !== null ? (
          <li>
            <a class="talk-irc" href={irc}>
              {state.ircChannel.channel}
            </a>{" "}
            <span class="muted">on {state.ircChannel.network} (IRC)</span>
          </li>
        ) : null}
        <li>
          <a class="talk-calendar" href={eventCalendarUrl(state.slug)}>
            Calendar of the whole event
          </a>{" "}
          <span class="muted">(iCalendar: subscribe to this link from a calendar app)</span>
        </li>
        <li>
          Schedule for apps:{" "}
          <a class="talk-schedule-json" href={scheduleExportUrl(state.slug, "json")}>
            schedule.json
          </a>{" "}
          ·{" "}
          <a class="talk-schedule-xml" href={scheduleExportUrl(state.slug, "xml")}>
            schedule.xml
          </a>{" "}
          <span class="muted">(Giggity, ConfClerk, Fahrplan)</span>
        </li>
        <li>
          <a class="talk-help" href={helpUrl()} target="_blank" rel="noopener noreferrer">
            Help: every chat command
          </a>
        </li>
      </ul>
    </section>
  );
}
