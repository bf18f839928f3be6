// What the signed-in user may do from the widget, by their power level in this room: everyone
// checks in and out and follows tracks; track moderators say what a track discusses now and
// next, clean it, and book free slots (by clicking them in the schedule); admins post and remove
// banners. The answer shows in the chat's words. Nothing when not signed in. Its heading says who
// acts and as what: "Act as alice (moderator)". After ~requireleads, track actions only for the
// tracks the user leads (admins: all), as /me says (track-permission.ts).
import { t } from "../i18n/messages.js";
import { useEffect, useState } from "preact/hooks";
import { BANNER_LEVELS, type BannerLevel } from "../../../shared/api/banner-levels.js";
import type { EventState } from "../../../shared/api/event-state.js";
import type { ActionFields, ActionName } from "../../../shared/operations/action-bodies.js";
import { act, chooseTrack, loadFollows, useActions } from "../actions.js";
import { useSession } from "../session.js";
import { maySteer } from "../track-permission.js";
import "./actions.css";

export function ActionPanel({ state }: { state: EventState }) {
  const session = useSession();
  const me = session.status === "signed-in" ? session.me : null;
  const { track, followed, result, busy } = useActions();
  const [topic, setTopic] = useState("");
  const [level, setLevel] = useState<BannerLevel>("info");
  const [message, setMessage] = useState("");
  const userId = me?.userId;

  useEffect(() => {
    if (userId !== undefined) void loadFollows();
  }, [userId]);
  useEffect(() => {
    if (!state.tracks.some((t) => t.name === track)) chooseTrack(state.tracks[0]?.name ?? "");
  }, [state.tracks, track]);

  if (me === null) return null;
  const hasTrack = track !== "";
  const following = followed.includes(track);
  const button = <A extends ActionName>(
    label: string,
    action: A,
    fields: ActionFields<A>,
    done?: () => void,
  ) => (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        void act(action, fields).then((ok) => {
          if (ok) done?.();
        });
      }}
    >
      {label}
    </button>
  );

  return (
    <section class="card actions" aria-labelledby="act-title">
      <h2 id="act-title">
        {t.actAs(
          me.name,
          me.may.admin ? t.roleModerator : me.leads.length > 0 ? t.roleLead : t.roleAttendee,
        )}
      </h2>
      {hasTrack ? (
        <div class="action-row">
          <select
            class="action-track"
            aria-label={t.track}
            value={track}
            onChange={(e) => {
              chooseTrack(e.currentTarget.value);
            }}
          >
            {state.tracks.map((t) => (
              <option key={t.name} value={t.name}>
                #{t.name}
                {followed.includes(t.name) ? " ★" : ""}
              </option>
            ))}
          </select>
          {button(t.checkInHere, "check-in", { place: `#${track}` })}
          {button(t.checkOut, "check-out", {})}
          <button
            type="button"
            class="action-follow"
            aria-pressed={following}
            disabled={busy}
            onClick={() => void act(following ? "unfollow" : "follow", { track })}
          >
            {following ? t.unfollow : t.follow}
          </button>
        </div>
      ) : null}
      {hasTrack && maySteer(me, track) ? (
        <div class="action-row">
          <input
            aria-label={t.topicFor(track)}
            placeholder={t.topicPlaceholder(track)}
            value={topic}
            onInput={(e) => {
              setTopic(e.currentTarget.value);
            }}
          />
          {button(t.setNow, "now", { track, topic }, () => {
            setTopic("");
          })}
          {button(t.addNext, "next", { track, topic }, () => {
            setTopic("");
          })}
          {button(t.clean, "clean", { track })}
        </div>
      ) : null}
      {me.may.admin ? (
        <div class="action-row">
          <select
            aria-label={t.bannerLevel}
            value={level}
            onChange={(e) => {
              const chosen = BANNER_LEVELS.find((l) => l === e.currentTarget.value);
              if (chosen !== undefined) setLevel(chosen);
            }}
          >
            {BANNER_LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
          <input
            aria-label={t.bannerMessage}
            placeholder={t.bannerMessage}
            value={message}
            onInput={(e) => {
              setMessage(e.currentTarget.value);
            }}
          />
          {button(t.postBanner, "banner", { level, message }, () => {
            setMessage("");
          })}
          {state.banners.map((_, i) =>
            button(t.removeBanner(i + 1), "remove-banner", { number: i + 1 }),
          )}
        </div>
      ) : null}
      <p class={`action-result${result?.ok === false ? " refused" : ""}`} role="status">
        {result?.text}
      </p>
    </section>
  );
}
