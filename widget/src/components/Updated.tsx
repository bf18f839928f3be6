// When the data last changed (venue time).
import { t } from "../i18n/messages.js";
import { formatUpdated } from "../time.js";

export function Updated({ at, timeZone }: { at: string; timeZone: string | null }) {
  return (
    <p class="updated">
      {t.lastUpdated}{" "}
      <time dateTime={at}>{formatUpdated(at, undefined, timeZone ?? undefined)}</time>
    </p>
  );
}
