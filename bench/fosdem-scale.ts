// The sizes of the FOSDEM-size benchmark (bench/fosdem.ts): FOSDEM's shape, and a quick one to
// check that the benchmark works in a few minutes.
export interface FosdemScale {
  name: string;
  tracks: number;
  /** Rooms the bot is in besides its direct rooms (FOSDEM 2021: ~1,000 public rooms). */
  rooms: number;
  /** Follow rows in the database. */
  followers: number;
  /** Followers of the one track whose `now` is measured (Matrix users, each with a direct room). */
  told: number;
  /** Live-stream (SSE) viewers of the one change. */
  viewers: number;
  /**
   * `~trackrooms create` under Synapse's default limits is watched until this many track rooms
   * exist or this many seconds passed (all 200 would take about 3.5 hours): 9 come in the burst
   * (with the Space), a few more at rc_message's pace (one action every 5 s, shared with the
   * bot's replies), then one every 62.5 s (rc_room_creation), which the window must reach.
   */
  pacedWindow: { rooms: number; seconds: number };
  /** What is measured: everything, or only the bot's cold starts (no viewers, no followers). */
  measures: "all" | "cold starts";
}

export const SCALES: Record<string, FosdemScale> = {
  fosdem: {
    name: "fosdem",
    tracks: 200,
    rooms: 1000,
    followers: 30_000,
    told: 5000,
    viewers: 10_000,
    pacedWindow: { rooms: 14, seconds: 360 },
    measures: "all",
  },
  quick: {
    name: "quick",
    tracks: 200,
    rooms: 40,
    followers: 600,
    told: 100,
    viewers: 500,
    pacedWindow: { rooms: 13, seconds: 300 },
    measures: "all",
  },
  // The cold starts alone at FOSDEM's 1,000 rooms (about 10 minutes instead of 80: no followers'
  // direct rooms to make first).
  rooms: {
    name: "rooms",
    tracks: 200,
    rooms: 1000,
    followers: 0,
    told: 0,
    viewers: 0,
    pacedWindow: { rooms: 0, seconds: 0 },
    measures: "cold starts",
  },
};

export function scaleNamed(name: string): FosdemScale {
  const scale = SCALES[name];
  if (scale === undefined) {
    throw new Error(`--scale takes ${Object.keys(SCALES).join(", ")}`);
  }
  return scale;
}
