// What followers are told of a re-imported schedule (issue 21, item 4): each talk of a track
// that moved, was cancelled, or changed room or link, as a change notice
// (store/schedule-notices.ts), in the venue's time. New talks are not notices.
import type { Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { NoticePlace, ScheduleNotice } from "../store/schedule-notices.js";
import type { TalkChange, TalkPlace } from "./apply-talks.js";

/** `Sun 27 Dec 10:00–10:45` in `zone`. */
export function talkWhen(startsAt: Date, durationMinutes: number, zone: string): string {
  const day = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
  }).format(startsAt);
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const end = new Date(startsAt.getTime() + durationMinutes * 60_000);
  return `${day.replace(",", "")} ${time.format(startsAt)}–${time.format(end)}`;
}

const noticePlace = (p: TalkPlace | null, zone: string): NoticePlace | null =>
  p === null
    ? null
    : { when: talkWhen(p.startsAt, p.durationMinutes, zone), room: p.room, link: p.url };

/** The notices of an import's talk changes (only talks with a track; not new talks). */
export async function talkNotices(
  trx: Transaction<Database>,
  eventId: number,
  changes: TalkChange[],
  zone: string,
): Promise<ScheduleNotice[]> {
  const relevant = changes.filter((c) => c.trackId !== null && c.before !== null);
  if (relevant.length === 0) return [];
  const tracks = await trx
    .selectFrom("tracks")
    .select(["id", "name"])
    .where("event_id", "=", eventId)
    .execute();
  const nameOf = new Map(tracks.map((t) => [t.id, t.name]));
  return relevant.flatMap((c) => {
    const track = c.trackId === null ? undefined : nameOf.get(c.trackId);
    if (c.trackId === null || track === undefined) return [];
    return [
      {
        trackId: c.trackId,
        subject: `talk:${c.guid}`,
        title: `#${track} "${c.title}"`,
        before: noticePlace(c.before, zone),
        after: noticePlace(c.after, zone),
      },
    ];
  });
}
