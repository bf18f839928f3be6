// What the signed-in user may do from the widget, by their power level in this room: everyone
// checks in and out and follows tracks; track moderators say what a track discusses now and
// next, clean it, and book free slots (by clicking them in the schedule); admins post and remove
// banners. The answer shows in the chat's words. Nothing when not signed in.
import { useEffect, useState } from "preact/hooks";
import { BANNER_LEVELS } from "../../../shared/api/banner-levels.js";
import type { EventState } from "../../../shared/api/event-state.js";
import { act, chooseTrack, loadFollows, useActions } from "../actions.js";
import { useSession } from "../session.js";
import "./actions.css";

export function ActionPanel({ state }: { state: EventState }) {
  const session = useSession();
  const me = session.status === "signed-in" ? session.me : null;
  const { track, followed, result, busy } = useActions();
  const [topic, setTopic] = useState("");
  const [level, setLevel] = useState("info");
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
  const button = (
    label: string,
    action: string,
    fields: Record<string, unknown> = { track },
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
    <section class="card actions" aria-label="Act in this room">
      {hasTrack ? (
        <div class="action-row">
          <select
            class="action-track"
            aria-label="Track"
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
          {button("Check in here", "check-in", { place: `#${track}` })}
          {button("Check out", "check-out", {})}
          <button
            type="button"
            class="action-follow"
            aria-pressed={following}
            disabled={busy}
            onClick={() => void act(following ? "unfollow" : "follow", { track })}
          >
            {following ? "Unfollow" : "Follow"}
          </button>
        </div>
      ) : null}
      {hasTrack && me.may.track ? (
        <div class="action-row">
          <input
            aria-label={`Topic for #${track}`}
            placeholder={`What #${track} discusses (click a free slot to book it)`}
            value={topic}
            onInput={(e) => {
              setTopic(e.currentTarget.value);
            }}
          />
          {button("Set now", "now", { track, topic }, () => {
            setTopic("");
          })}
          {button("Add next", "next", { track, topic }, () => {
            setTopic("");
          })}
          {button("Clean", "clean")}
        </div>
      ) : null}
      {me.may.admin ? (
        <div class="action-row">
          <select
            aria-label="Banner level"
            value={level}
            onChange={(e) => {
              setLevel(e.currentTarget.value);
            }}
          >
            {BANNER_LEVELS.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
          <input
            aria-label="Banner message"
            placeholder="Banner message"
            value={message}
            onInput={(e) => {
              setMessage(e.currentTarget.value);
            }}
          />
          {button("Post banner", "banner", { level, message }, () => {
            setMessage("");
          })}
          {state.banners.map((_, i) =>
            button(`Remove banner ${i + 1}`, "remove-banner", { number: i + 1 }),
          )}
        </div>
      ) : null}
      <p class={`action-result${result?.ok === false ? " refused" : ""}`} role="status">
        {result?.text}
      </p>
    </section>
  );
}
