// The signed-in user's private calendar link of the tracks they follow (issue 21): get one
// (shown once, to copy into a calendar app), get a new one (the old one stops working), or
// revoke it. Loaded only once signed in (MyCalendarSlot.tsx), not with the public page.
import { useEffect, useState } from "preact/hooks";
import type { CalendarTokenReply } from "../../../shared/api/calendar-token.js";
import { calendarLink } from "../session-api.js";
import { t } from "../i18n/messages.js";
import { authorizedFetch } from "../session.js";
import "./actions.css";

export function MyCalendar({ slug }: { slug: string }) {
  const [status, setStatus] = useState<CalendarTokenReply | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [note, setNote] = useState<{ text: string; failed: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void calendarLink(authorizedFetch, slug, "GET").then((r) => {
      if (r.ok) setStatus(r.body);
    });
  }, [slug]);

  const run = async (method: "POST" | "DELETE"): Promise<void> => {
    setBusy(true);
    try {
      const r = await calendarLink(authorizedFetch, slug, method);
      if (!r.ok) {
        setNote({ text: r.message, failed: true });
        return;
      }
      setStatus(r.body);
      setUrl(r.body.url);
      setNote(method === "DELETE" ? { text: t.myCalendarRevoked, failed: false } : null);
    } catch {
      setNote({ text: t.couldNotLoad("network"), failed: true });
    } finally {
      setBusy(false);
    }
  };

  const active = status?.active === true;
  return (
    <section class="card my-calendar" aria-labelledby="my-calendar-title">
      <h2 id="my-calendar-title">{t.myCalendar}</h2>
      <p class="muted">{t.myCalendarHint}</p>
      {url !== null ? (
        <>
          <input
            class="my-calendar-url"
            readOnly
            value={url}
            aria-label={t.myCalendar}
            onFocus={(e) => {
              e.currentTarget.select();
            }}
          />
          <p class="muted">{t.myCalendarOnce}</p>
        </>
      ) : active ? (
        <p class="muted">{t.myCalendarActive}</p>
      ) : null}
      <div class="my-calendar-row">
        <button
          type="button"
          class="my-calendar-get"
          disabled={busy}
          onClick={() => void run("POST")}
        >
          {active ? t.myCalendarRenew : t.myCalendarGet}
        </button>
        {active ? (
          <button
            type="button"
            class="my-calendar-revoke"
            disabled={busy}
            onClick={() => void run("DELETE")}
          >
            {t.myCalendarRevoke}
          </button>
        ) : null}
      </div>
      <p class={`my-calendar-note${note?.failed === true ? " refused" : ""}`} role="status">
        {note?.text}
      </p>
    </section>
  );
}
