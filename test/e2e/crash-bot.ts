// A bot process for the crash test (outbox.test.ts): the bot as `ptg start --only bot` runs it,
// configured from the environment, with one test-only hook: when PTG_TEST_CRASH_AFTER is set,
// the process kills itself with SIGKILL right after the outbox sent a message containing that
// text, before the row is marked delivered. Prints "bot ready" once it reads its rooms.
import { startBot } from "../../bot/start.js";
import { loadConfig } from "../../shared/config.js";
import { openConfiguredStore } from "../../shared/db/open-configured.js";

const marker = process.env.PTG_TEST_CRASH_AFTER;
const config = loadConfig();
const store = await openConfiguredStore(config);
const bot = await startBot({
  store,
  config,
  syncTimeoutMs: 2_000,
  lockRetryMs: 200,
  outboxHooks: {
    afterSend: (row) => {
      if (
        marker !== undefined &&
        row.message.kind === "text" &&
        row.message.text.includes(marker)
      ) {
        process.kill(process.pid, "SIGKILL");
      }
    },
  },
});
console.log("bot ready");
process.once("SIGTERM", () => {
  void bot
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
