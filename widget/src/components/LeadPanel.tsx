// The lead tools, loaded after sign-in (LeadTools.tsx): a user asks to lead the track chosen in
// the action panel, with one line of text, and sees their open request; an admin sees every
// open request and approves or refuses it with one click (the operations of `~leads approve|refuse
// N`); leads and admins get the conflict warnings on their tracks' booked slots (SlotWarning.tsx).
// Read again whenever the event's version moves (a request, an answer, a booking).
import { t } from "../i18n/messages.js";
import { useEffect, useState } from "preact/hooks";
import type { EventState } from "../../../shared/api/event-state.js";
import type { LeadRequestsReply, SlotWarningsReply } from "../../../shared/api/lead-tools.js";
import { act, useActions } from "../actions.js";
import { authorizedFetch, sessionPlace, useSession } from "../session.js";
import { setSlotWarnings } from "../slot-warnings.js";

/** GET a signed-in read of this event, for this room; null when it could not be read. */
async function read<T>(what: "lead-requests" | "slot-warnings"): Promise<T | null> {
  const { slug, roomId } = sessionPlace();
  try {
    const response = await authorizedFetch(
      `/api/v1/events/${encodeURIComponent(slug)}/${what}?room=${encodeURIComponent(roomId ?? "")}`,
    );
    return response.ok ? ((await response.json()) as T) : null;
  } catch {
    return null;
  }
}

export function LeadPanel({ state }: { state: EventState }) {
  const session = useSession();
  const me = session.status === "signed-in" ? session.me : null;
  const { track, busy } = useActions();
  const [requests, setRequests] = useState<LeadRequestsReply | null>(null);
  const [text, setText] = useState("");
  const [reads, setReads] = useState(0);
  const admin = me?.may.admin === true;
  const leadsSomething = (me?.leads.length ?? 0) > 0;

  useEffect(() => {
    let current = true;
    void read<LeadRequestsReply>("lead-requests").then((reply) => {
      if (current && reply !== null) setRequests(reply);
    });
    if (admin || leadsSomething) {
      void read<SlotWarningsReply>("slot-warnings").then((reply) => {
        if (current && reply !== null) setSlotWarnings(reply.warnings);
      });
    } else {
      setSlotWarnings([]);
    }
    return () => {
      current = false;
    };
  }, [state.version, admin, leadsSomething, reads]);

  if (me === null || requests === null) return null;
  const reread = () => {
    setReads(reads + 1);
  };
  const open = requests.requests;
  const mine = requests.admin ? [] : open;
  const asked = open.some((r) => r.track === track && r.mine);
  // An admin steers every track already (and adds leads with #TRACK leads add).
  const canAsk = !admin && track !== "" && !me.leads.includes(track) && !asked;
  if (!canAsk && mine.length === 0 && !requests.admin) return null;

  return (
    <section class="card lead-tools" aria-labelledby="lead-tools-title">
      <h2 id="lead-tools-title">{admin ? t.leadRequests : t.trackLeads}</h2>
      {canAsk ? (
        <div class="action-row">
          <input
            aria-label={t.askToLeadWhy(track)}
            placeholder={t.askToLeadWhy(track)}
            maxLength={200}
            value={text}
            onInput={(e) => {
              setText(e.currentTarget.value);
            }}
          />
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              void act("request-lead", { track, text }).then((ok) => {
                if (ok) setText("");
                reread();
              });
            }}
          >
            {t.askToLead} #{track}
          </button>
        </div>
      ) : null}
      {mine.map((r) => (
        <p key={r.number} class="lead-request-mine">
          {t.yourLeadRequest(r.number, r.track)}
        </p>
      ))}
      {requests.admin ? (
        open.length === 0 ? (
          <p class="empty">{t.noLeadRequests}</p>
        ) : (
          <ul class="lead-requests">
            {open.map((r) => (
              <li key={r.number}>
                <span class="lead-request-who">
                  {r.number}. {t.leadRequestBy(r.nick, r.track)}
                </span>
                <q class="lead-request-text">{r.text}</q>
                <span class="lead-request-answer">
                  <button
                    type="button"
                    aria-label={t.approveRequest(r.number)}
                    disabled={busy}
                    onClick={() => void act("approve-lead", { number: r.number }).then(reread)}
                  >
                    {t.approve}
                  </button>
                  <button
                    type="button"
                    aria-label={t.refuseRequest(r.number)}
                    disabled={busy}
                    onClick={() => void act("refuse-lead", { number: r.number }).then(reread)}
                  >
                    {t.refuse}
                  </button>
                </span>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}
