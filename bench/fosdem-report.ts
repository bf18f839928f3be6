// Runs the FOSDEM-size benchmark's parts and prints each figure beside its target (issue 23):
// the viewers through bench/fanout.ts on the event's server at the scale's tracks, the rest
// through bench/fosdem.ts against a real Synapse on PostgreSQL. Returns the target lines for
// run.ts's list.
import { ServerChild } from "./child.js";
import { fanout } from "./fanout.js";
import { BOT_PACE, fosdemBench, type FosdemOptions } from "./fosdem.js";
import type { FosdemScale } from "./fosdem-scale.js";

const verdict = (ok: boolean): string => (ok ? "ok" : "MISSED");

const minutes = (seconds: number): string =>
  seconds < 120 ? `${seconds.toFixed(0)} s` : `${(seconds / 60).toFixed(1)} min`;

export async function runFosdem(
  scale: FosdemScale,
  postgres: string,
  options: FosdemOptions = {},
): Promise<string[]> {
  const targets: string[] = [];
  const target = (what: string, ok: boolean): void => {
    targets.push(`  ${verdict(ok).padEnd(6)} ${what}`);
  };
  const full = scale.name === "fosdem";
  console.log(
    `\n(g) FOSDEM size (--scale ${scale.name}): ${scale.tracks} tracks, ${scale.rooms} rooms, ` +
      `${scale.followers} followers, ${scale.told} told, ${scale.viewers} viewers` +
      (full
        ? ""
        : scale.measures === "cold starts"
          ? " — the bot's cold starts only"
          : " — NOT the FOSDEM scale: a check that the benchmark works"),
  );

  if (scale.viewers > 0) {
    const server = await ServerChild.start({
      plain: false,
      store: "postgres",
      tracks: scale.tracks,
    });
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
  }

  const log = (line: string): void => {
    console.log(line);
  };
  const f = await fosdemBench(scale, postgres, log, options);
  const s = f.setup;
  console.log(
    `  set-up (not measured; Synapse on ${f.synapseDatabase}): ${minutes(s.totalSeconds)} in all — ` +
      `${scale.rooms} rooms ${minutes(s.roomsSeconds)}, ${scale.told} users ` +
      `${minutes(s.usersSeconds)}, ${scale.told} direct rooms ${minutes(s.directRoomsSeconds)}, ` +
      `the bot's first start ${minutes(s.settleSeconds)}`,
  );
  const n = f.notify;
  if (n !== null) {
    const exact = n.messages === n.told && n.rooms === n.told;
    console.log(
      `  followers told: ${n.messages} messages in ${n.rooms} direct rooms for ` +
        `${n.told} followers, the first ${n.firstSeconds.toFixed(1)} s and the last ` +
        `${n.lastSeconds.toFixed(1)} s after the command ` +
        `(${(n.messages / Math.max(0.001, n.lastSeconds - n.firstSeconds)).toFixed(0)}/s; ` +
        `Synapse's received_ts; target: all within 60 s, exactly once)`,
    );
    console.log(
      `  the homeserver alone (the same number of messages sent straight to it, as many at a ` +
        `time): ${n.baselineSeconds.toFixed(1)} s; Synapse's CPU per message: ` +
        `${n.cpuMsPerMessage.toFixed(1)} ms (the bot's), ` +
        `${n.baselineCpuMsPerMessage.toFixed(1)} ms (alone)`,
    );
    target(
      `${n.told} followers told of one now within 60 s, exactly once: ` +
        `${n.lastSeconds.toFixed(1)} s, ${n.messages} messages in ${n.rooms} rooms`,
      exact && n.lastSeconds <= 60,
    );
  }
  for (const [label, c] of [
    ["restart with its sync token", f.restart],
    ["start on a new database, no sync token", f.fresh],
  ] as const) {
    console.log(
      `  ${label}, ${c.rooms} rooms: answered after ${c.answerSeconds.toFixed(1)} s ` +
        `(target: within 60 s); peak ${c.peakBackground} paced requests in a sliding second ` +
        `(target: ≤ ${BOT_PACE}), ${c.peakPerSecond}/s with the syncs, sends and the command's reads, ` +
        `${c.requests} requests in all`,
    );
    target(
      `${label}, ${c.rooms} rooms: answers within 60 s: ${c.answerSeconds.toFixed(1)} s`,
      c.answerSeconds <= 60,
    );
    target(
      `${label}: requests paced, ≤ ${BOT_PACE} in any second: peak ${c.peakBackground}`,
      c.peakBackground <= BOT_PACE,
    );
  }
  if (f.trackRooms !== null) {
    const { lifted, paced } = f.trackRooms;
    console.log(
      `  ~trackrooms create, the bot's limits lifted: ${lifted.created} of ${lifted.tracks} track ` +
        `rooms in ${lifted.seconds.toFixed(1)} s` +
        (lifted.failed > 0 ? `, ${lifted.failed} failed` : "") +
        ` (no target; FOSDEM 2021: 15–20 hours under the default limits)`,
    );
    target(
      `~trackrooms create, ${lifted.tracks} tracks, limits lifted: all created: ` +
        `${lifted.created} in ${minutes(lifted.seconds)}`,
      lifted.created === lifted.tracks && lifted.failed === 0,
    );
    const projected =
      paced.projectedSeconds === null
        ? "no projection (no room after the burst in the window)"
        : `PROJECTED for all ${paced.tracks}: ${(paced.projectedSeconds / 3600).toFixed(1)} h`;
    console.log(
      `  ~trackrooms create, Synapse's default limits (rc_room_creation: burst 10, then one per ` +
        `62.5 s): measured ${paced.created} track rooms in ${paced.windowSeconds.toFixed(0)} s ` +
        `(${paced.burst} in the burst` +
        (paced.gapSeconds === null
          ? ""
          : `; at the end of the window one every ${paced.gapSeconds.toFixed(1)} s`) +
        `); ${projected} (Synapse's configured rate alone: ${(((paced.tracks - 9) * 62.5) / 3600).toFixed(1)} h)`,
    );
    targets.push(
      `  -      ~trackrooms create, ${paced.tracks} tracks, default limits: measured ` +
        `${paced.created} in ${paced.windowSeconds.toFixed(0)} s; ${projected}`,
    );
  }
  return targets;
}
