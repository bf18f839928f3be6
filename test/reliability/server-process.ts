// One server process for the catch-up test: the real server on PostgreSQL with the periodic
// version check turned off, so that only NOTIFY and the catch-up after LISTEN reconnects can
// bring a change. Prints "listening <url>"; SIGTERM stops it.
import { buildServer } from "../../server/app.js";
import { openStore } from "../../shared/db/open.js";

const url = process.argv[2];
if (url === undefined) throw new Error("usage: server-process.ts DATABASE_URL");
const store = await openStore({ kind: "postgres", url });
const app = await buildServer({
  store,
  config: { publicUrl: "http://ptg.test" },
  verifyIntervalMs: 0,
});
const address = await app.listen({ host: "127.0.0.1", port: 0 });
console.log(`listening ${address}`);
process.once("SIGTERM", () => {
  void (async () => {
    await app.close();
    await store.close();
    process.exit(0);
  })();
});
