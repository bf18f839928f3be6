/** `YYYY-MM-DD HH:MM:SS` in UTC: PTGbot's timestamp format. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace("T", " ");
}
