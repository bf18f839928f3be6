// `npm test`: type-check and build, check the widget's size, lint, and run every suite. One
// suite, test/bot/track-rooms-create.test.ts, waits on the homeserver for about 22 minutes
// (Synapse paces room creation) and uses almost no CPU meanwhile, so it starts first, in a vitest
// process of its own, and runs beside everything else; the other vitest leaves it out. Its
// output is printed as it comes, each line marked `[track rooms]`. The run fails when either
// fails, and says which at the end; when a step before the main vitest fails, the slow suite is
// stopped (its result would not change the outcome).
//
// Arguments go to the main vitest (e.g. `npm test -- test/core` runs only those files there);
// the slow suite runs all the same.
import { spawn } from "node:child_process";
import console from "node:console";
import process from "node:process";
import { createInterface } from "node:readline";

const SLOW = "test/bot/track-rooms-create.test.ts";
const TAG = "[track rooms]";
const VITEST = "node_modules/.bin/vitest";
const started = Date.now();
const seconds = (since) => Math.round((Date.now() - since) / 1000);

/** Runs a step with the terminal's stdio; resolves with its exit code. */
function step(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit" });
    child.on("error", (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}

// The slow suite, in a process group of its own (so that stopping it stops its workers and its
// Synapse too).
console.log(`${TAG} starting ${SLOW} beside the rest of the run`);
const slow = spawn(VITEST, ["run", SLOW], {
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
for (const stream of [slow.stdout, slow.stderr]) {
  createInterface({ input: stream }).on("line", (line) => {
    console.log(`${TAG} ${line}`);
  });
}
const slowDone = new Promise((resolve) => {
  slow.on("error", (error) => {
    console.log(`${TAG} could not start: ${error.message}`);
    resolve(1);
  });
  slow.on("exit", (code, signal) => {
    resolve(code ?? (signal === null ? 1 : 128));
  });
});

function stopSlow() {
  if (slow.exitCode !== null || slow.pid === undefined) return;
  try {
    process.kill(-slow.pid, "SIGTERM");
  } catch {
    // already gone
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    stopSlow();
    process.exit(130);
  });
}

const steps = [
  ["npm", ["run", "build"]],
  ["node", ["widget/scripts/check-size.mjs"]],
  ["npm", ["run", "lint"]],
  [VITEST, ["run", "--exclude", SLOW, ...process.argv.slice(2)]],
];
let failed = null;
let stopped = false;
for (const [i, [command, args]] of steps.entries()) {
  const code = await step(command, args);
  if (code === 0) continue;
  failed = `${[command, ...args].join(" ")} exited with ${code}`;
  // Before the main vitest, the run has failed already: no need to wait for the slow suite.
  if (i < steps.length - 1 && slow.exitCode === null) {
    stopped = true;
    stopSlow();
  }
  break;
}
if (!stopped && slow.exitCode === null) {
  console.log(`\n${TAG} the rest is done; waiting for ${SLOW} (started ${seconds(started)} s ago)`);
}
const slowCode = await slowDone;

console.log("\n== npm test");
console.log(failed === null ? "build, size, lint, vitest: passed" : `FAILED: ${failed}`);
if (stopped) console.log(`${TAG} ${SLOW}: stopped (the run had failed already)`);
else if (slowCode === 0) console.log(`${TAG} ${SLOW}: passed`);
else {
  console.log(
    `${TAG} FAILED: ${SLOW} exited with ${slowCode} (its output is above, each line marked ${TAG})`,
  );
}
console.log(`npm test took ${seconds(started)} s`);
process.exit(failed === null && slowCode === 0 ? 0 : 1);
