// Reminders for followed tracks, with a test-controlled clock: a booked slot with a real start
// time gets one reminder per follower once it is within the lead time, never twice (another
// look, another process looking at the same time, a restarted scheduler), none for slots without
// a start time or already started, and a rebooked slot reminds the new track's followers.
// PGlite, and PostgreSQL when DATABASE_URL is set.
import { describe, expect, it } from "vitest";
import { ReminderScheduler } from "../../bot/delivery/reminders.js";
import { ConfigError, loadConfig } from "../../shared/config.js";
import { importIntoEvent } from "../../shared/schedule/ptgbot-import-event.js";
import { queueDueReminders } from "../../shared/store/reminders.js";
import { updateVenueSettings } from "../../shared/store/venue-time.js";
import { storeKinds } from "../support/stores.js";
import { alice, bob, mod, newSlug, TestEvent, useStore } from "./support.js";

/** Each test's slot starts at another hour, so that one test's look never sees another's. */
const startAt = (hour: number) => new Date(`2026-05-04T${String(hour).padStart(2, "0")}:00:00Z`);
let START = startAt(9);
const minutesBefore = (n: number) => new Date(START.getTime() - n * 60_000);
const OPTIONS = { leadMs: 10 * 60_000, bridgedUsers: /^@irc_/ };
const irc = { id: "@irc_kim:example.org", nick: "kim", powerLevel: 0 };

async function scheduledEvent(db: TestEvent["db"]): Promise<TestEvent> {
  const slug = newSlug();
  await importIntoEvent(db, slug, {
    tracks: ["nova", "swift", "cinder"],
    slots: {
      Monday: [
        { name: "MonA1", desc: "09:00-10:45", realtime: START.toISOString() },
        { name: "MonA2", desc: "11:00-12:45" },
      ],
    },
    schedule: {
      "Ballroom A": { MonA1: "nova", MonA2: "nova" },
      "Ballroom B": { MonA1: "", MonA2: "" },
    },
  });
  return new TestEvent(db, slug);
}

/** The reminders queued in the outbox: [destination, text]. */
async function queuedReminders(db: TestEvent["db"]) {
  const rows = await db
    .selectFrom("outbox")
    .select(["destination", "message"])
    .where("command_id", "is", null)
    .orderBy("id")
    .execute();
  return rows.map((r) => [r.destination, (r.message as { text: string }).text] as const);
}

describe.each(storeKinds())("reminders on %s", (kind) => {
  const store = useStore(kind);

  const reminders = ({ db }: TestEvent) => queuedReminders(db);

  it("reminds each follower once, within the lead time, before the start", async () => {
    START = startAt(9);
    const db = store().db;
    await db.deleteFrom("outbox").execute();
    const ev = await scheduledEvent(db);
    await ev.ok("+follow #nova", { actor: alice });
    await ev.ok("+follow #nova", { actor: bob });
    await ev.ok("+subscribe nova", { actor: bob });
    await ev.ok("+follow #nova", { actor: irc });
    await ev.ok("+follow #swift", { actor: mod });

    expect(await queueDueReminders(db, minutesBefore(11), OPTIONS)).toBe(0);
    expect(await queueDueReminders(db, minutesBefore(10), OPTIONS)).toBe(3);
    const text = "Reminder: #nova starts in 10 min (09:00 UTC, Ballroom A, slot MonA1)";
    expect(await reminders(ev)).toEqual([
      [{ kind: "matrix.dm", userId: alice.id }, text],
      [{ kind: "matrix.dm", userId: bob.id }, text],
      [{ kind: "matrix.bridged", userId: irc.id, eventSlug: ev.slug, near: null }, text],
    ]);
    // Looking again, or from two processes at once: nothing more.
    expect(await queueDueReminders(db, minutesBefore(9), OPTIONS)).toBe(0);
    const both = await Promise.all([
      queueDueReminders(db, minutesBefore(5), OPTIONS),
      queueDueReminders(db, minutesBefore(5), OPTIONS),
    ]);
    expect(both).toEqual([0, 0]);
    // A late follower is reminded once too, even when two look at the same time.
    await ev.ok("+follow #nova", { actor: mod });
    const late = await Promise.all([
      queueDueReminders(db, minutesBefore(4), OPTIONS),
      queueDueReminders(db, minutesBefore(4), OPTIONS),
    ]);
    expect(late[0] + late[1]).toBe(1);
    // Started: no reminder any more.
    await ev.ok("+follow #nova", { actor: { ...alice, id: "@late:example.org", nick: "late" } });
    expect(await queueDueReminders(db, START, OPTIONS)).toBe(0);
    expect((await reminders(ev)).length).toBe(4);
  });

  it("reminds the new track's followers when a slot is rebooked", async () => {
    START = startAt(11);
    const db = store().db;
    await db.deleteFrom("outbox").execute();
    const ev = await scheduledEvent(db);
    await ev.ok("+follow #nova", { actor: alice });
    await ev.ok("+follow #cinder", { actor: bob });
    await ev.ok("#nova unbook Ballroom A-MonA1");
    await ev.ok("#cinder book Ballroom A-MonA1");
    expect(await queueDueReminders(db, minutesBefore(3), OPTIONS)).toBe(1);
    expect(await reminders(ev)).toEqual([
      [
        { kind: "matrix.dm", userId: bob.id },
        "Reminder: #cinder starts in 3 min (11:00 UTC, Ballroom A, slot MonA1)",
      ],
    ]);
  });

  it("sends once across a scheduler restart around the reminder time", async () => {
    START = startAt(13);
    const db = store().db;
    await db.deleteFrom("outbox").execute();
    const ev = await scheduledEvent(db);
    await ev.ok("+follow #nova", { actor: alice });
    let clock = minutesBefore(15);
    const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    const make = () =>
      new ReminderScheduler({
        db,
        leadMinutes: 10,
        bridgedUsers: null,
        log,
        now: () => clock,
        intervalMs: 20,
      });
    const first = make();
    const looked = async (scheduler: ReminderScheduler) => {
      // A positive signal that the scheduler looked at the current clock: a tick of our own.
      expect(await scheduler.tick()).toBe(0);
    };
    first.resume();
    await looked(first);
    expect(await reminders(ev)).toEqual([]);
    clock = minutesBefore(10);
    await expect.poll(async () => (await reminders(ev)).length, { timeout: 10_000 }).toBe(1);
    await first.pause();
    // A new process, a minute later: nothing more to send.
    clock = minutesBefore(9);
    const second = make();
    second.resume();
    await looked(second);
    await second.pause();
    expect((await reminders(ev)).length).toBe(1);
  });
});

describe.each(storeKinds())("reminders in venue time on %s", (kind) => {
  const store = useStore(kind);

  it("reads a slot's start from its label in the event's time zone when it has no realtime", async () => {
    START = startAt(15);
    const db = store().db;
    await db.deleteFrom("outbox").execute();
    const slug = newSlug();
    await importIntoEvent(db, slug, {
      tracks: ["cinder"],
      slots: { Monday: [{ name: "MonA1", desc: "17:00-18:00" }] },
      schedule: { "Ballroom A": { MonA1: "cinder" } },
    });
    const ev = new TestEvent(db, slug);
    await ev.ok("+follow #cinder", { actor: bob });
    // Without a time zone and first day, the label is no time: no reminder.
    expect(await queueDueReminders(db, minutesBefore(10), OPTIONS)).toBe(0);
    const set = await updateVenueSettings(db, slug, {
      timeZone: "Europe/Berlin",
      firstDay: "2026-05-04",
    });
    expect(set.ok).toBe(true);
    // 17:00 in Berlin (summer time) is 15:00 UTC.
    expect(await queueDueReminders(db, minutesBefore(10), OPTIONS)).toBe(1);
    expect(await queuedReminders(db)).toEqual([
      [
        { kind: "matrix.dm", userId: bob.id },
        "Reminder: #cinder starts in 10 min (15:00 UTC, Ballroom A, slot MonA1)",
      ],
    ]);
  });
});

describe("PTG_REMINDER_MINUTES", () => {
  it("defaults to 10, takes 0 (none) to 1440, refuses the rest", () => {
    expect(loadConfig({}).reminderMinutes).toBe(10);
    expect(loadConfig({ PTG_REMINDER_MINUTES: "0" }).reminderMinutes).toBe(0);
    expect(loadConfig({ PTG_REMINDER_MINUTES: "1440" }).reminderMinutes).toBe(1440);
    for (const bad of ["1441", "-1", "ten", "2.5"]) {
      expect(() => loadConfig({ PTG_REMINDER_MINUTES: bad })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ PTG_REMINDER_MINUTES: "ten" })).toThrow(
      "PTG_REMINDER_MINUTES: 'ten' should be a whole number of minutes from 0 (no reminders) to 1440",
    );
  });
});
