// The hallway screen: what is on now (and where), then what comes next, then today's schedule
// when it fits; in large type, in venue time, without chrome. It never scrolls: it shows one
// page at a time and moves to the next every few seconds (`rotate=` seconds in the URL), until
// paused (the pause button, or the space key). When everything fits on one page, the type grows
// to fill the screen and meeting links show as QR codes.
import { useRef } from "preact/hooks";
import type {
  DayState,
  EventState,
  RoomState,
  TrackState,
} from "../../../shared/api/event-state.js";
import { t } from "../i18n/messages.js";
import type { LiveStatus } from "../live.js";
import { trackRoomUrl } from "../links.js";
import { meetingUrl, roomsForDay } from "../schedule.js";
import { NEXT_SHOWN, signItems, type SignItem, type SignSection } from "../signage-items.js";
import { MEASURE_CAP, useSignPages, useViewport } from "../signage-pages.js";
import { useRotation } from "../signage-rotation.js";
import { currentSlotCodes, dayLabel, initialDayIndex, viewerTimeZone } from "../time.js";
import { BannerItem } from "./Banners.js";
import { CheckedIn } from "./CheckedIn.js";
import { LiveIndicator } from "./LiveIndicator.js";
import { PauseButton } from "./PauseButton.js";
import { ScheduleTable } from "./ScheduleTable.js";
import { SignQr } from "./SignQr.js";
import { TalkItem } from "./TalkItem.js";
import { Topic } from "./Topic.js";
import { TrackBadge } from "./TrackBadge.js";
import { VenueClock } from "./VenueClock.js";
import { Where } from "./Where.js";
import "./signage.css";

interface Props {
  state: EventState;
  tracks: ReadonlyMap<string, TrackState>;
  status: LiveStatus;
  now: Date;
  rotateSeconds: number;
}

const headings = (): Record<SignSection, string> => ({
  banners: t.news,
  now: t.now,
  next: t.comingNext,
});

/** A track's links shown as QR codes: its meeting link and its own Matrix room. */
interface QrLinks {
  video: string | null;
  room: string | null;
}

interface CardOptions {
  tracks: ReadonlyMap<string, TrackState>;
  /** For talks: the venue's zone (a hallway screen's own when the event has none), and now. */
  venueZone: string | null;
  now: Date;
  /** Links shown as QR codes (null: no room for them). */
  qr: ((track: TrackState) => QrLinks) | null;
}

/** The card's QR codes: a meeting link's captioned "Join video", two captioned by kind. */
function SignQrs({ links, track }: { links: QrLinks; track: string }) {
  const both = links.video !== null && links.room !== null;
  if (!both) {
    if (links.video !== null) {
      return (
        <figure class="sign-video">
          <SignQr url={links.video} label={t.qrCode(track)} />
          <figcaption>{t.joinVideo}</figcaption>
        </figure>
      );
    }
    return links.room === null ? null : <SignQr url={links.room} label={t.qrRoom(track)} />;
  }
  return (
    <div class="sign-qrs">
      {[
        { url: links.video ?? "", label: t.qrCode(track), caption: t.qrVideoCaption },
        { url: links.room ?? "", label: t.qrRoom(track), caption: t.qrRoomCaption },
      ].map((code) => (
        <figure key={code.caption} class="sign-qr-figure">
          <SignQr url={code.url} label={code.label} />
          <figcaption>{code.caption}</figcaption>
        </figure>
      ))}
    </div>
  );
}

function SignCard({ item, tracks, qr, venueZone, now }: { item: SignItem } & CardOptions) {
  if (item.kind === "banner") return <BannerItem banner={item.banner} tracks={tracks} />;
  if (item.kind === "talk") {
    return (
      <TalkItem
        as="article"
        class="sign-card sign-talk"
        talk={item.talk}
        tracks={tracks}
        venueZone={venueZone}
        now={now}
        venueOnly
      />
    );
  }
  if (item.kind === "quiet") {
    return <p class="sign-card sign-quiet">{t.nothingAnnounced}</p>;
  }
  const { track } = item;
  if (item.kind === "now") {
    const links = qr?.(track) ?? null;
    const link = links !== null && (links.video !== null || links.room !== null) ? links : null;
    return (
      <article
        class={link ? "sign-card sign-now sign-with-qr" : "sign-card sign-now"}
        data-track={track.name}
      >
        <div class="sign-head">
          <TrackBadge name={track.name} color={track.color} />
          {track.location ? <Where location={track.location} /> : null}
          <CheckedIn people={track.checkedIn} />
        </div>
        <p class="sign-topic">
          <Topic text={track.now?.topic ?? ""} tracks={tracks} />
        </p>
        {link ? <SignQrs links={link} track={track.name} /> : null}
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
      {more > 0 ? <p class="sign-more">{t.andMore(more)}</p> : null}
    </article>
  );
}

/** Items with a heading before the first one of each section (marked "continued" mid-section). */
function Flow({
  items,
  first,
  all,
  tracks,
  qr,
  venueZone,
  now,
  scale = 1,
  columns = 0,
}: {
  items: readonly SignItem[];
  first: number;
  all: readonly SignItem[];
  scale?: number;
  columns?: number;
} & CardOptions) {
  const heading = headings();
  return (
    // The scale is set through the CSSOM (not a style attribute), which the CSP allows.
    <div
      class={columns > 0 ? "sign-flow sign-flow-grown" : "sign-flow"}
      style={{ "--sign-scale": String(scale), "--sign-columns": String(columns) }}
    >
      {items.map((item, i) => {
        const index = first + i;
        const previous = i === 0 ? undefined : items[i - 1];
        const showHeading = previous?.section !== item.section && item.section !== "banners";
        const continued = i === 0 && all[index - 1]?.section === item.section;
        return (
          <div key={item.key} class="sign-slot">
            {showHeading ? (
              <h2 class="sign-heading">
                {continued ? t.continued(heading[item.section]) : heading[item.section]}
              </h2>
            ) : null}
            <div data-item={index}>
              <SignCard item={item} tracks={tracks} qr={qr} venueZone={venueZone} now={now} />
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
    <section aria-label={t.scheduleFor(dayLabel(props.day.name))}>
      <h2 class="sign-heading">{t.scheduleHeading(dayLabel(props.day.name))}</h2>
      <ScheduleTable {...props} venueOnly />
    </section>
  );
}

export function Signage({ state, tracks, status, now, rotateSeconds }: Props) {
  const area = useRef<HTMLElement>(null);
  const viewport = useViewport();
  const zone = state.timeZone ?? undefined;
  const dayIndex = initialDayIndex(state.days, now, zone);
  const day = state.days[dayIndex];
  const rooms = day ? roomsForDay(state.rooms, day) : [];
  const items = signItems(state, now);
  const running = [
    ...currentSlotCodes(state.days, now),
    ...items.flatMap((i) => (i.kind === "talk" ? [i.key] : [])),
  ].join(",");
  const venueZone = state.timeZone ?? viewerTimeZone();
  const key = `${state.version}|${viewport.width}x${viewport.height}|${dayIndex}|${running}`;
  const layout = useSignPages(key, { items: items.length, rooms: rooms.length }, area);
  const ready = layout.phase === "done";
  const { index, paused, togglePause } = useRotation(layout.pages.length, rotateSeconds, ready);
  const trackRooms = new Map(state.trackRooms.map((r) => [r.track, trackRoomUrl(r)]));
  const qr = layout.qr
    ? (track: TrackState): QrLinks => ({
        video: meetingUrl(state, track, now),
        room: trackRooms.get(track.name) ?? null,
      })
    : null;

  let content;
  if (!ready) {
    // Measuring: as much as could fit from the cursor on (before the browser paints).
    const from = layout.cursor;
    content =
      layout.phase === "flow" || layout.phase === "grow" ? (
        <Flow
          items={items.slice(from, from + MEASURE_CAP)}
          first={from}
          all={items}
          tracks={tracks}
          qr={qr}
          venueZone={venueZone}
          now={now}
          scale={layout.phase === "grow" ? layout.scale : 1}
          columns={layout.phase === "grow" ? layout.columns : 0}
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
        <Flow
          items={items.slice(from, to)}
          first={from}
          all={items}
          tracks={tracks}
          qr={qr}
          venueZone={venueZone}
          now={now}
          scale={layout.scale}
          columns={layout.columns}
        />
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
        {day ? <span class="signage-day">{dayLabel(day.name)}</span> : null}
        <VenueClock now={now} timeZone={state.timeZone} large />
        {layout.pages.length > 1 ? (
          <>
            <span class="sign-pager" aria-label={t.pageOf(index + 1, layout.pages.length)}>
              {index + 1}/{layout.pages.length}
            </span>
            <PauseButton paused={paused} onToggle={togglePause} />
          </>
        ) : null}
        <LiveIndicator status={status} />
      </header>
      <main class="signage-page" ref={area} aria-live="off">
        {content}
      </main>
    </div>
  );
}
