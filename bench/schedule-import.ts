// Import speed of a talk schedule: a generated c3voc schedule.json of 1,000 talks in 30 rooms
// (three days, overlapping talks, 40 tracks) imported into a fresh PGlite event through the
// import operation, then re-imported with 10% of the talks moved. Target: < 5 s per import.
import { randomUUID } from "node:crypto";
import { migrateToLatest } from "../shared/db/migrate.js";
import { openStore } from "../shared/db/open.js";
import { execute } from "../shared/operations/execute.js";
import { importOperation } from "../shared/operations/kinds/admin-event.js";
import { ensureEvent } from "../shared/store/events.js";

export interface ScheduleImportReport {
  talks: number;
  rooms: number;
  firstMs: number;
  againMs: number;
  firstReply: string;
  againReply: string;
}

const pad = (n: number): string => String(n).padStart(2, "0");

function scheduleDoc(talks: number, rooms: number, shift: number) {
  const roomNames = Array.from({ length: rooms }, (_, i) => `Raum ${i + 1}`);
  const days = [0, 1, 2].map((d) => {
    const date = `2026-12-${27 + d}`;
    const byRoom: Record<string, unknown[]> = Object.fromEntries(roomNames.map((r) => [r, []]));
    for (let i = d; i < talks; i += 3) {
      const room = roomNames[i % rooms] ?? "Raum 1";
      const minutes = 9 * 60 + (Math.floor(i / rooms) % 24) * 25 + (i % 10 < shift ? 10 : 0);
      const start = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
      byRoom[room]?.push({
        guid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        id: i + 1,
        date: `${date}T${start}:00+01:00`,
        start,
        duration: i % 2 === 0 ? "00:30" : "00:45",
        room,
        title: `Vortrag Nummer ${i}`,
        track: `Track ${i % 40}`,
        persons: [{ name: `Person ${i}` }],
        links: [],
      });
    }
    return {
      index: d + 1,
      date,
      day_start: `${date}T06:00:00+01:00`,
      day_end: `2026-12-${28 + d}T05:59:00+01:00`,
      rooms: byRoom,
    };
  });
  return {
    schedule: {
      version: `v${shift}`,
      conference: {
        acronym: "bench",
        title: "Benchmark",
        start: "2026-12-27",
        end: "2026-12-29",
        time_zone_name: "Europe/Berlin",
        days,
      },
    },
  };
}

export async function scheduleImport(talks = 1000, rooms = 30): Promise<ScheduleImportReport> {
  const store = await openStore({ kind: "pglite", dataDir: null });
  try {
    await migrateToLatest(store.db);
    await ensureEvent(store.db, "bench");
    const run = async (document: unknown) => {
      const started = performance.now();
      const done = await execute(
        store.db,
        importOperation(document, "bench"),
        { id: "bench", nick: "bench", powerLevel: 100 },
        {
          commandId: `bench:${randomUUID()}`,
          eventSlug: "bench",
          chatRoomId: null,
          replyTo: null,
          text: "import",
        },
        {
          helpUrl: "http://bench/help",
          onError: (error) => {
            throw error;
          },
        },
      );
      return { ms: performance.now() - started, reply: done.reply };
    };
    const first = await run(scheduleDoc(talks, rooms, 0));
    const again = await run(scheduleDoc(talks, rooms, 1));
    return {
      talks,
      rooms,
      firstMs: first.ms,
      againMs: again.ms,
      firstReply: first.reply,
      againReply: again.reply,
    };
  } finally {
    await store.close();
  }
}
