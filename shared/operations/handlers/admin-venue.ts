// The event's venue settings, as admin commands: `~timezone [ZONE|none]`, `~firstday
// [YYYY-MM-DD|none]`, `~irc [ircs://HOST/#CHANNEL|none]`. Without a value each shows the
// current one. Checks and verbs live in shared/store/venue-time.ts.
import {
  checkFirstDay,
  checkIrcChannel,
  checkTimeZone,
  getVenueSettings,
  setFirstDay,
  setIrcChannel,
  setTimeZone,
  type Checked,
  type VenueSettings,
} from "../../store/venue-time.js";
import { changed, Refused, unchanged, type OperationContext } from "../context.js";
import type { OperationOf } from "../operation.js";
import type { VenueSetting } from "../kinds/venue.js";

const SETTINGS: Record<
  VenueSetting,
  {
    check: (text: string) => Checked<string | null>;
    read: (settings: VenueSettings) => string | null;
    store: typeof setTimeZone;
  }
> = {
  timezone: { check: checkTimeZone, read: (s) => s.timeZone, store: setTimeZone },
  firstday: { check: checkFirstDay, read: (s) => s.firstDay, store: setFirstDay },
  irc: { check: checkIrcChannel, read: (s) => s.ircChannel, store: setIrcChannel },
};

export async function venue(ctx: OperationContext, op: OperationOf<"admin.venue">) {
  const setting = SETTINGS[op.setting];
  if (op.value === null) {
    const current = setting.read(await getVenueSettings(ctx.trx, ctx.event.id));
    return unchanged({
      kind: "admin.venue",
      setting: op.setting,
      value: current,
      shown: true,
    } as const);
  }
  const checked = setting.check(op.value);
  if (!checked.ok) throw new Refused(checked.error);
  await setting.store(ctx.trx, ctx.event.id, checked.value);
  return changed({
    kind: "admin.venue",
    setting: op.setting,
    value: checked.value,
    shown: false,
  } as const);
}
