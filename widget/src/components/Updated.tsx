// When the data last changed.
import { formatUpdated } from "../time.js";

export function Updated({ at }: { at: string }) {
  return (
    <p class="updated">
      Last updated <time dateTime={at}>{formatUpdated(at)}</time>
    </p>
  );
}
