// The weekday name ("Monday") of a time, in the process's time zone. One formatter, made once:
// toLocaleDateString builds a new one on every call, which showed up in every now/next.
const WEEKDAY = new Intl.DateTimeFormat("en-US", { weekday: "long" });

export function weekdayName(time: Date): string {
  return WEEKDAY.format(time);
}
