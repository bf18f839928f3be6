// The CPU time another process (e.g. Synapse) has used, from /proc: on a shared machine a
// benchmark compares CPU time per operation, not wall-clock rates.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** CPU seconds (user + system) used so far by process `pid` (NaN when unknown). */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** CPU seconds used so far by all of `pids` together (NaN when one is unknown). */
export function cpuSecondsOf(pids: readonly number[] | undefined): number {
  if (pids === undefined || pids.length === 0) return NaN;
  return pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
}
