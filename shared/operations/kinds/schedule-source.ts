// `~schedule [URL|none]` (admins): the event's schedule URL, polled every
// PTG_SCHEDULE_POLL_MINUTES like PTG_SCHEDULE_URL (schedule/poll-sources.ts), each change applied
// as an import and announced in the event's rooms. Without a value it shows the current one.
import { readField } from "../../domain/input-rules.js";
import { eventScheduleSource, setScheduleSource } from "../../store/schedule-sources.js";
import { changed, Refused, unchanged } from "../context.js";
import type { KindDef } from "../kind.js";

/** `url`: undefined shows it, null clears it. */
export type ScheduleSourceInput = { kind: "admin.scheduleSource"; url: string | null | undefined };
export type ScheduleSourceResult = {
  kind: "admin.scheduleSource";
  url: string | null;
  shown: boolean;
};

const USAGE =
  "Usage: ~schedule URL (a schedule.json, schedule.xml or pretalx API URL), or ~schedule none";

export const scheduleSource: KindDef<ScheduleSourceInput, ScheduleSourceResult> = {
  kind: "admin.scheduleSource",
  scope: "admin",
  chat: {
    prefix: "~",
    words: ["schedule"],
    example: "~schedule https://pretalx.example.org/conf/schedule/export/schedule.json",
    brief: "~schedule",
    parse: (args) => {
      if (args.words.length === 0) return { kind: "admin.scheduleSource", url: undefined };
      const [word] = args.words;
      if (word === undefined || args.words.length > 1) return args.invalid(USAGE);
      return { kind: "admin.scheduleSource", url: word.toLowerCase() === "none" ? null : word };
    },
  },
  help: [
    {
      syntax: "~schedule [URL|none]",
      what:
        "Shows or sets the schedule URL polled into the event (pretalx or c3voc schedule.json, " +
        "frab schedule.xml, pretalx API): each change is imported and announced in the event's rooms.",
    },
  ],
  run: async (ctx, op) => {
    if (op.url === undefined) {
      const url = await eventScheduleSource(ctx.trx, ctx.event.id);
      return unchanged({ kind: "admin.scheduleSource", url, shown: true } as const);
    }
    let url: string | null = null;
    if (op.url !== null) {
      const checked = readField("url", op.url);
      if (!checked.ok) throw new Refused(`${checked.reason}. ${USAGE}`);
      url = checked.value;
    }
    await setScheduleSource(ctx.trx, ctx.event.id, url);
    return changed({ kind: "admin.scheduleSource", url, shown: false } as const);
  },
  render: (result) => {
    if (result.shown) {
      return result.url === null
        ? "Schedule URL: not set (~schedule URL sets it)"
        : `Schedule URL: ${result.url}`;
    }
    return result.url === null
      ? "Schedule URL cleared: the event is no longer polled"
      : `Schedule URL is now ${result.url}: it is polled, and each change is imported and announced here`;
  },
  changes: () => ({}),
  widget: null,
};
