import { importIntoEvent } from "../shared/ptgbot/import-event.js";
import { buildServer } from "../server/app.js";
import { openTestStore } from "../test/support/stores.js";
import { benchEventDoc } from "./event-doc.js";
const { doc } = benchEventDoc(Number(process.argv[2] ?? 44));
const store = await openTestStore("pglite");
await importIntoEvent(store.db, "DEN-ptg", doc);
const app = await buildServer({ store, config: { publicUrl: "http://127.0.0.1" }, limits: { streamsPerClient: 1_000_000, streamConnectsPerWindow: 0 } });
console.log(await app.listen({ host: "127.0.0.1", port: 18099 }));
