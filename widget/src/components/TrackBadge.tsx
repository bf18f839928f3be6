// A track's name on its colour; a link to its meeting when it has one.
import { t } from "../i18n/messages.js";
import { badgeColors } from "../safe.js";

interface Props {
  name: string;
  color: string | null;
  /** An already validated http(s) URL. */
  href?: string | null;
  /** Shown instead of the name (e.g. "#nova" inside a sentence). */
  text?: string;
  class?: string;
}

export function TrackBadge({ name, color, href, text, class: extra }: Props) {
  const { background, foreground } = badgeColors(name, color);
  // Set through the CSSOM (not a style attribute), which the CSP allows.
  const style = { "--badge-bg": background, "--badge-fg": foreground };
  const className = extra ? `badge ${extra}` : "badge";
  if (href) {
    return (
      <a
        class={`${className} badge-link`}
        href={href}
        target="_blank"
        rel="noopener noreferrer"
        title={t.joinTrack(name)}
        style={style}
      >
        {text ?? name}
      </a>
    );
  }
  return (
    <span class={className} style={style}>
      {text ?? name}
    </span>
  );
}
