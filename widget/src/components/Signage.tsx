// The hallway screen: what is on now (and where), then what comes next, then today's schedule
// when it fits; in large type, in venue time, without chrome. It never scrolls: it shows one
// page at a time and moves to the next every few seconds (`rotate=` seconds in the URL).
import { useRef } from "preact/hooks";
import type {
  DayState,
  EventState,
  RoomState,
  TrackState,
} from "../../../shared/api/event-state.js";
import type { LiveStatus } from "../live.js";
import { roomsForDay } from "../schedule.js";
import { NEXT_SHOWN, signItems, type SignItem, type SignSection } from "../signage-items.js";
import { MEASURE_CAP, useRotation, useSignPages, useViewport } from "../signage-pages.js";
import { currentSlotCodes, initialDayIndex } from "../time.js";
import { BannerItem } from "./Banners.js";
import { CheckedIn } from "./CheckedIn.js";
import { LiveIndicator } from "./LiveIndicator.js";
import { ScheduleTable } from "./ScheduleTable.js";
import { Topic } from "./Topic.js";
import { TrackBadge } from "./TrackBadge.js";
import { VenueClock } from "./VenueClock.js";
import { Where } from "./Where.js";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  status: LiveStatus;
  now: Date;
  rotateSeconds: number;
}

const HEADINGS: Record<SignSection, string> = {
  banners: "News",
  now: "Now",
  next: "Coming next",
};

function SignCard({ item, tracks }: { item: SignItem; tracks: ReadonlyMap<string, TrackState> }) {
  if (item.kind === "banner") return <BannerItem banner={item.banner} tracks={tracks} />;
  if (item.kind === "quiet") {
    return <p class="sign-card sign-quiet">Nothing announced right now.</p>;
  }
  const { track } = item;
  if (item.kind === "now") {
    return (
      <article class="sign-card sign-now" data-track={track.name}>
        <div class="sign-head">
          <TrackBadge name={track.name} color={track.color} />
          {track.location ? <Where location={track.location} /> : null}
          <CheckedIn people={track.checkedIn} />
        </div>
        <p class="sign-topic">
          <Topic text={track.now?.topic ?? ""} tracks={tracks} />
        </p>
      </article>
    );
  }
  const more = track.next.length - NEXT_SHOWN;
  return (
    <article class="sign-card sign-next" data-track={track.name}>
      <div class="sign-head">
        <TrackBadge name={track.name} color={track.color} />
      </div>
      <ol class="sign-next-items">
        {track.next.slice(0, NEXT_SHOWN).map((topic, i) => (
          <li key={i}>
            <Topic text={topic} tracks={tracks} />
          </li>
        ))}
      </ol>
      {more > 0 ? <p class="sign-more">and {more} more</p> : null}
    </article>
  );
}

/** Items with a heading before the first one of each section (marked "continued" mid-section). */
function Flow({
  items,
  first,
  all,
  tracks,
}: {
  items: readonly SignItem[];
  first: number;
  all: readonly SignItem[];
  tracks: ReadonlyMap<string, TrackState>;
}) {
  return (
    <div class="sign-flow">
      {items.map((item, i) => {
        const index = first + i;
        const previous = i === 0 ? undefined : items[i - 1];
        const showHeading = previous?.section !== item.section && item.section !== "banners";
        const continued = i === 0 && all[index - 1]?.section === item.section;
        return (
          <div key={item.key} class="sign-slot">
            {showHeading ? (
              <h2 class="sign-heading">
                {HEADINGS[item.section]}
                {continued ? " (continued)" : ""}
              </h2>
            ) : null}
            <div data-item={index}>
              <SignCard item={item} tracks={tracks} />
            </div>
          </div>
        );
      })}
    </div>
  );
}

function ScheduleBlock(props: {
  state: EventState;
  day: DayState;
  tracks: ReadonlyMap<string, TrackState>;
  now: Date;
  rooms: readonly RoomState[];
}) {
  return (
    <section aria-label={`Schedule for ${props.day.name}`}>
      <h2 class="sign-heading">Schedule, {props.day.name}</h2>
      <ScheduleTable {...props} venueOnly />
    </section>
  );
}

export function Signage({ state, tracks, status, now, rotateSeconds }: Props) {
  const area = useRef<HTMLDivElement>(null);
  const viewport = useViewport();
  const zone = state.timeZone ?? undefined;
  const dayIndex = initialDayIndex(state.days, now, zone);
  const day = state.days[dayIndex];
  const rooms = day ? roomsForDay(state.rooms, day) : [];
  const items = signItems(state);
  const running = [...currentSlotCodes(state.days, now)].join(",");
  const key = `${state.version}|${viewport.width}x${viewport.height}|${dayIndex}|${running}`;
  const layout = useSignPages(key, { items: items.length, rooms: rooms.length }, area);
  const ready = layout.phase === "done";
  const index = useRotation(layout.pages.length, rotateSeconds, ready);

  let content;
  if (!ready) {
    // Measuring: as much as could fit from the cursor on (before the browser paints).
    const from = layout.cursor;
    content =
      layout.phase === "flow" ? (
        <Flow
          items={items.slice(from, from + MEASURE_CAP)}
          first={from}
          all={items}
          tracks={tracks}
        />
      ) : day ? (
        <ScheduleBlock
          state={state}
          day={day}
          tracks={tracks}
          now={now}
          rooms={rooms.slice(from, from + MEASURE_CAP)}
        />
      ) : null;
  } else {
    const page = layout.pages[index];
    const [from, to] = page?.range ?? [0, 0];
    content =
      page?.kind === "schedule" && day ? (
        <ScheduleBlock
          state={state}
          day={day}
          tracks={tracks}
          now={now}
          rooms={rooms.slice(from, to)}
        />
      ) : (
        <Flow items={items.slice(from, to)} first={from} all={items} tracks={tracks} />
      );
  }

  return (
    <div
      class="signage"
      data-ready={ready ? "true" : "false"}
      data-page={index + 1}
      data-pages={layout.pages.length}
    >
      <header class="top">
        <h1>{state.name}</h1>
        {day ? <span class="signage-day">{day.name}</span> : null}
        <VenueClock now={now} timeZone={state.timeZone} large />
        {layout.pages.length > 1 ? (
          <span class="sign-pager" aria-label={`Page ${index + 1} of ${layout.pages.length}`}>
            {index + 1}/{layout.pages.length}
          </span>
        ) : null}
        <LiveIndicator status={status} />
      </header>
      <div class="signage-page" ref={area} aria-live="off">
        {content}
      </div>
    </div>
  );
}
