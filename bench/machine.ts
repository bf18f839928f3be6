// The machine the figures come from, printed with them.
import os from "node:os";

export function describeMachine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return (
    `${String(cpus.length)} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ` +
    `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, ${os.platform()} ${os.release()}, ` +
    `Node ${process.version}; load average ${load}`
  );
}

export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}
