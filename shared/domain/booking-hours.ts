// How much of the event a booking uses, for the booking rules (issue 22): each slot's length in
// hours, from the slots' real times (PTGbot `realtime`: the gap to the day's next slot; the
// last slot of a day: its label, else the slot before it), else from labels like "09:00-10:45",
// else one slot = one unit. One basis for the whole event, so
// that a track's use adds up. Pure and browser-safe.
import { parseSlotLabel } from "./slot-times.js";

export type HoursBasis = "realtime" | "labels" | "slots";

export interface SlotInput {
  id: number;
  day: string;
  label: string;
  /** The slot's real start (PTGbot realtime), or null. */
  startsAt: Date | null;
  /** Its stored length, or null. */
  durationMinutes: number | null;
}

export interface SlotLengths {
  basis: HoursBasis;
  /** Each slot's length in the basis's unit (hours, or slots). */
  length: Map<number, number>;
}

/** Lengths from real starts: the stored length, else the gap to the day's next slot. */
function realLengths(days: readonly SlotInput[][]): Map<number, number> | null {
  const length = new Map<number, number>();
  for (const day of days) {
    let previous: number | null = null;
    for (const [i, slot] of day.entries()) {
      const next = day[i + 1];
      if (slot.startsAt === null) return null;
      const gap =
        next?.startsAt == null ? null : (next.startsAt.getTime() - slot.startsAt.getTime()) / 60000;
      // The day's last slot: its label's length, else as long as the slot before it.
      const minutes: number | null =
        slot.durationMinutes ?? gap ?? parseSlotLabel(slot.label)?.durationMinutes ?? previous;
      if (minutes === null || minutes <= 0) return null;
      length.set(slot.id, minutes / 60);
      previous = minutes;
    }
  }
  return length;
}

function labelLengths(days: readonly SlotInput[][]): Map<number, number> | null {
  const length = new Map<number, number>();
  for (const slot of days.flat()) {
    const minutes = slot.durationMinutes ?? parseSlotLabel(slot.label)?.durationMinutes ?? null;
    if (minutes === null) return null;
    length.set(slot.id, minutes / 60);
  }
  return length;
}

/** The slots' lengths, days and slots in schedule order. */
export function slotLengths(days: readonly SlotInput[][]): SlotLengths {
  const slots = days.flat();
  if (slots.length > 0) {
    const real = realLengths(days);
    if (real !== null) return { basis: "realtime", length: real };
    const labels = labelLengths(days);
    if (labels !== null) return { basis: "labels", length: labels };
  }
  return { basis: "slots", length: new Map(slots.map((s) => [s.id, 1])) };
}

/** "4", "1.75": an amount as a reply shows it. */
export const amount = (value: number): string => String(Math.round(value * 100) / 100);

/** The unit's name after an amount. */
export const unitOf = (basis: HoursBasis): string => (basis === "slots" ? "slots" : "hours");

/** How `~rules` names the basis. */
export const BASIS_WORDS: Record<HoursBasis, string> = {
  realtime: "hours from the slots' real times",
  labels: "hours from the slot labels' times",
  slots: "counted in slots, one slot = one unit",
};
