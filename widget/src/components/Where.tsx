// Where a track meets: a pin and the place's name (wraps like any text).
import { t } from "../i18n/messages.js";
export function Where({ location }: { location: string }) {
  return (
    <span class="where">
      <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M8 1a5 5 0 0 0-5 5c0 3.7 5 9 5 9s5-5.3 5-9a5 5 0 0 0-5-5zm0 7a2 2 0 1 1 0-4 2 2 0 0 1 0 4z" />
      </svg>
      <span class="visually-hidden">{t.where}</span>
      {location}
    </span>
  );
}
