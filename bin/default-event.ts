// The default event at start-up. On a brand-new embedded database it is loaded with a demo
// schedule (a real PTG's), so that a newcomer's first `npm start` shows a full page.
import { readFileSync } from "node:fs";
import type { Config } from "../shared/config.js";
import type { Store } from "../shared/db/open.js";
import { rootLogger } from "../shared/log.js";
import { projectFile } from "../shared/project-files.js";
import { importIntoEvent } from "../shared/ptgbot/import-event.js";
import { ensureEvent, findEvent } from "../shared/store/events.js";

const DEMO = projectFile("demo/denver-ptg.json");

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
  rootLogger()
    .child({ component: "start" })
    .info(
      `Loaded a demo schedule into the new event '${config.defaultEvent}' (~emptydb in the console clears it; PTG_DEMO=false skips it).`,
    );
}
