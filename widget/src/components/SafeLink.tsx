// A link only when the URL is http(s); anything else is shown as plain text.
import type { ComponentChildren } from "preact";
import { safeHttpUrl } from "../safe.js";

interface Props {
  href: string | null | undefined;
  children: ComponentChildren;
  class?: string;
  label?: string;
}

export function SafeLink({ href, children, class: className, label }: Props) {
  const url = safeHttpUrl(href);
  if (url === null) return <span class={className}>{children}</span>;
  return (
    <a
      class={className}
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={label}
      title={label}
    >
      {children}
    </a>
  );
}
