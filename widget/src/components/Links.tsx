// The event's useful links.
import { t } from "../i18n/messages.js";
import type { EventLink } from "../../../shared/api/event-state.js";
import { SafeLink } from "./SafeLink.js";

export function Links({ links }: { links: readonly EventLink[] }) {
  if (links.length === 0) return null;
  return (
    <section class="card" aria-labelledby="links-title">
      <h2 id="links-title">{t.links}</h2>
      <ul class="links">
        {links.map((link, i) => (
          <li key={i}>
            <SafeLink href={link.url}>{link.label}</SafeLink>
          </li>
        ))}
      </ul>
    </section>
  );
}
