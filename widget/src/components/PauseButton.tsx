// The signage rotation's pause control: visible, 24×24 px at least, and also worked by the space
// key (signage-rotation.ts). Its name says what pressing it does.
import { t } from "../i18n/messages.js";

export function PauseButton({ paused, onToggle }: { paused: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      class="sign-pause"
      aria-pressed={paused}
      data-paused={paused ? "true" : "false"}
      onClick={onToggle}
    >
      <svg class="icon" viewBox="0 0 16 16" aria-hidden="true">
        {paused ? <path d="M4 2l10 6-10 6z" /> : <path d="M3 2h4v12H3zM9 2h4v12H9z" />}
      </svg>
      {t.pauseRotation}
      <span class="visually-hidden">{t.pauseHint}</span>
    </button>
  );
}
