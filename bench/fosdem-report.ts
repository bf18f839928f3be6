// Runs the FOSDEM-size benchmark's parts and prints each figure beside its target (issue 23):
// the viewers through bench/fanout.ts on the event's server at the scale's tracks, the rest
// through bench/fosdem.ts against a real Synapse. Returns the target lines for run.ts's list.
import { ServerChild } from "./child.js";
import { fanout } from "./fanout.js";
import { fosdemBench } from "./fosdem.js";
import type { FosdemScale } from "./fosdem-scale.js";

const verdict = (ok: boolean): string => (ok ? "ok" : "MISSED");

export async function runFosdem(scale: FosdemScale): Promise<string[]> {
  const targets: string[] = [];
  const target = (what: string, ok: boolean): void => {
    targets.push(`  ${verdict(ok).padEnd(6)} ${what}`);
  };
  const full = scale.name === "fosdem";
  console.log(
    `\n(g) FOSDEM size (--scale ${scale.name}): ${scale.tracks} tracks, ${scale.rooms} rooms, ` +
      `${scale.followers} followers, ${scale.told} told, ${scale.viewers} viewers` +
      (full ? "" : " — NOT the FOSDEM scale: a check that the benchmark works"),
  );

  const server = await ServerChild.start({ plain: false, store: "postgres", tracks: scale.tracks });
  try {
    const r = await fanout(server, {
      clients: scale.viewers,
      connectBatch: 250,
      withState: true,
    });
    console.log(
      `  viewers: ${r.connected}/${r.clients} live streams; one change: p99 ${r.p99Ms.toFixed(0)} ms, ` +
        `last ${r.lastMs.toFixed(0)} ms after the command` +
        (r.missing > 0 ? `, ${r.missing} never got it` : "") +
        ` (target: p99 ≤ 1 s)`,
    );
    target(
      `${r.connected} viewers (SSE), one change, p99 ≤ 1 s: ${r.p99Ms.toFixed(0)} ms`,
      r.p99Ms <= 1000 && r.missing === 0 && r.connected === scale.viewers,
    );
  } finally {
    await server.stop();
  }

  const log = (line: string): void => {
    console.log(line);
  };
  const f = await fosdemBench(scale, log);
  const exact = f.notify.messages === f.notify.told && f.notify.rooms === f.notify.told;
  console.log(
    `  followers told: ${f.notify.messages} messages in ${f.notify.rooms} direct rooms for ` +
      `${f.notify.told} followers, the first ${f.notify.firstSeconds.toFixed(1)} s and the last ` +
      `${f.notify.lastSeconds.toFixed(1)} s after the command ` +
      `(${(f.notify.messages / Math.max(0.001, f.notify.lastSeconds - f.notify.firstSeconds)).toFixed(0)}/s; ` +
      `Synapse's received_ts; target: all within 60 s, exactly once)`,
  );
  console.log(
    `  the homeserver alone (the same number of messages sent straight to it, as many at a ` +
      `time): ${f.notify.baselineSeconds.toFixed(1)} s`,
  );
  target(
    `${f.notify.told} followers told of one now within 60 s, exactly once: ` +
      `${f.notify.lastSeconds.toFixed(1)} s, ${f.notify.messages} messages in ${f.notify.rooms} rooms`,
    exact && f.notify.lastSeconds <= 60,
  );
  for (const [label, c] of [
    ["restart with its sync token", f.restart],
    ["start on a new database, no sync token", f.fresh],
  ] as const) {
    console.log(
      `  ${label}, ${c.rooms} rooms: answered after ${c.answerSeconds.toFixed(1)} s; ` +
        `peak ${c.peakPerSecond} requests/s to the homeserver, ${c.requests} in all ` +
        `(target: answers within 60 s)`,
    );
    target(
      `${label}, ${c.rooms} rooms: answers within 60 s: ${c.answerSeconds.toFixed(1)} s ` +
        `(peak ${c.peakPerSecond} requests/s)`,
      c.answerSeconds <= 60,
    );
  }
  console.log("  ~trackrooms create: not measured: ~trackrooms create not on this branch");
  targets.push("  -      ~trackrooms create for 200 tracks: not measured (not on this branch)");
  return targets;
}
