// The default event at start-up. On a brand-new embedded database it is loaded with a demo
// schedule (a real PTG's), so that a newcomer's first `npm start` shows a full page. The demo
// happens in Denver: its venue time zone and first day are set too, so that every slot's label
// ("09:00-10:45") is its real time there, as the first slot's own `realtime` says.
import { readFileSync } from "node:fs";
import type { Config } from "../shared/config.js";
import type { Store } from "../shared/db/open.js";
import { rootLogger } from "../shared/log.js";
import { projectFile } from "../shared/project-files.js";
import { importIntoEvent } from "../shared/schedule/ptgbot-import-event.js";
import { ensureEvent, findEvent } from "../shared/store/events.js";
import { updateVenueSettings } from "../shared/store/venue-time.js";

const DEMO = projectFile("demo/denver-ptg.json");
/** Where and when the demo happens: the venue settings that match its slots' labels. */
export const DEMO_VENUE = { timeZone: "America/Denver", firstDay: "2020-06-01" } as const;

export async function prepareDefaultEvent(
  store: Store,
  config: Pick<Config, "defaultEvent" | "databaseUrl" | "demo">,
): Promise<void> {
  const isNew = (await findEvent(store.db, config.defaultEvent)) === undefined;
  await ensureEvent(store.db, config.defaultEvent);
  if (!isNew || !config.demo) return;
  await importIntoEvent(store.db, config.defaultEvent, JSON.parse(readFileSync(DEMO, "utf8")));
  await store.db
    .updateTable("events")
    .set({ name: "Denver PTG (demo)" })
    .where("slug", "=", config.defaultEvent)
    .execute();
  const venue = await updateVenueSettings(store.db, config.defaultEvent, DEMO_VENUE);
  if (!venue.ok) throw new Error(`The demo's venue settings were refused: ${venue.error}`);
  rootLogger()
    .child({ component: "start" })
    .info(
      `Loaded a demo schedule into the new event '${config.defaultEvent}' (~emptydb in the console clears it; PTG_DEMO=false skips it).`,
    );
}
