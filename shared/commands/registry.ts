// Every command the core knows. A new command is a handler file and one line here.
import { add } from "./admin/add.js";
import { clean as adminClean } from "./admin/clean.js";
import { del } from "./admin/del.js";
import { emptydb } from "./admin/emptydb.js";
import { event } from "./admin/event.js";
import { fetchdb } from "./admin/fetchdb.js";
import { list } from "./admin/list.js";
import { motd } from "./admin/motd.js";
import { name } from "./admin/name.js";
import { newday } from "./admin/newday.js";
import { allowEveryone, requireVoice } from "./admin/voice.js";
import { widget } from "./admin/widget.js";
import { book } from "./track/book.js";
import { clean as trackClean } from "./track/clean.js";
import { color } from "./track/color.js";
import { etherpad } from "./track/etherpad.js";
import { location } from "./track/location.js";
import { next } from "./track/next.js";
import { now } from "./track/now.js";
import { unbook } from "./track/unbook.js";
import { url } from "./track/url.js";
import type { AdminHandler, Handler, TrackHandler, UserHandler } from "./types.js";
import { checkIn } from "./user/in.js";
import { checkOut } from "./user/out.js";
import { seen } from "./user/seen.js";
import { subscribe } from "./user/subscribe.js";
import { unsubscribe } from "./user/unsubscribe.js";

const trackHandlers: TrackHandler[] = [
  now,
  next,
  trackClean,
  etherpad,
  url,
  color,
  location,
  book,
  unbook,
];
const userHandlers: UserHandler[] = [checkIn, checkOut, seen, subscribe, unsubscribe];
const adminHandlers: AdminHandler[] = [
  list,
  add,
  del,
  adminClean,
  newday,
  motd,
  requireVoice,
  allowEveryone,
  emptydb,
  fetchdb,
  event,
  name,
  widget,
];

function byName<H extends Handler>(handlers: H[]): Map<string, H> {
  return new Map(handlers.flatMap((h) => h.names.map((name) => [name, h] as const)));
}

export const handlers = {
  track: byName(trackHandlers),
  user: byName(userHandlers),
  admin: byName(adminHandlers),
};
