// When the data last changed (venue time).
import { formatUpdated } from "../time.js";

export function Updated({ at, timeZone }: { at: string; timeZone: string | null }) {
  return (
    <p class="updated">
      Last updated <time dateTime={at}>{formatUpdated(at, undefined, timeZone ?? undefined)}</time>
    </p>
  );
}
