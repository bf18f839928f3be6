// What the signed-in user may do from the widget, by their power level in this room: everyone
// checks in, out, follows tracks and looks for people; track moderators say what a track
// discusses now and next, clean it, and book free slots (by clicking them in the schedule);
// admins post and remove banners. The answer shows in the chat's words. Nothing when not signed in.
import { useEffect, useState } from "preact/hooks";
import { BANNER_LEVELS, type EventState } from "../../../shared/api/event-state.js";
import { act, busy, chosenTrack, followed, lastResult, loadFollows } from "../actions.js";
import { useSession } from "../session.js";
import "./actions.css";

export function ActionPanel({ state }: { state: EventState }) {
  const session = useSession();
  const me = session.status === "signed-in" ? session.me : null;
  const track = chosenTrack.use();
  const follows = followed.use();
  const result = lastResult.use();
  const working = busy.use();
  const [topic, setTopic] = useState("");
  const [nick, setNick] = useState("");
  const [level, setLevel] = useState<string>("info");
  const [message, setMessage] = useState("");
  const userId = me?.userId;

  useEffect(() => {
    if (userId !== undefined) void loadFollows();
  }, [userId]);
  useEffect(() => {
    const names = state.tracks.map((t) => t.name);
    if (!names.includes(track)) chosenTrack.set(names[0] ?? "");
  }, [state.tracks, track]);

  if (me === null) return null;
  const following = follows.includes(track);
  const hasTrack = track !== "";

  return (
    <section class="card actions" aria-labelledby="actions-title">
      <h2 id="actions-title">Act as {me.userId}</h2>
      <div class="action-row">
        <label>
          Track{" "}
          <select
            class="action-track"
            value={track}
            onChange={(e) => {
              chosenTrack.set(e.currentTarget.value);
            }}
          >
            {state.tracks.map((t) => (
              <option key={t.name} value={t.name}>
                #{t.name}
                {follows.includes(t.name) ? " ★" : ""}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={working || !hasTrack}
          onClick={() => void act("check-in", { place: `#${track}` })}
        >
          Check in here
        </button>
        <button type="button" disabled={working} onClick={() => void act("check-out", {})}>
          Check out
        </button>
        <button
          type="button"
          class="action-follow"
          aria-pressed={following}
          disabled={working || !hasTrack}
          onClick={() => void act(following ? "unfollow" : "follow", { track })}
        >
          {following ? "Unfollow" : "Follow"}
        </button>
      </div>
      {me.may.track ? (
        <form
          class="action-row"
          onSubmit={(e) => {
            e.preventDefault();
          }}
        >
          <input
            class="action-topic"
            aria-label={`Topic for #${track}`}
            placeholder={`What #${track} discusses`}
            maxLength={2000}
            value={topic}
            onInput={(e) => {
              setTopic(e.currentTarget.value);
            }}
          />
          {(["now", "next"] as const).map((adverb) => (
            <button
              key={adverb}
              type="button"
              disabled={working || !hasTrack}
              onClick={() =>
                void act(adverb, { track, topic }).then((r) => {
                  if (r.ok) setTopic("");
                })
              }
            >
              {adverb === "now" ? "Set now" : "Add next"}
            </button>
          ))}
          <button
            type="button"
            disabled={working || !hasTrack}
            onClick={() => void act("clean", { track })}
          >
            Clean
          </button>
        </form>
      ) : (
        <p class="action-note">{me.why.track}</p>
      )}
      {me.may.track && hasTrack ? (
        <p class="action-note">Click a free slot in the schedule to book it for #{track}.</p>
      ) : null}
      <form
        class="action-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (nick.trim() !== "") void act("seen", { nick: nick.trim() });
        }}
      >
        <input
          aria-label="Nick to look for"
          placeholder="Nick"
          maxLength={255}
          value={nick}
          onInput={(e) => {
            setNick(e.currentTarget.value);
          }}
        />
        <button type="submit" disabled={working}>
          Seen?
        </button>
      </form>
      {me.may.admin ? (
        <div class="action-admin">
          <form
            class="action-row"
            onSubmit={(e) => {
              e.preventDefault();
              void act("banner", { level, message }).then((r) => {
                if (r.ok) setMessage("");
              });
            }}
          >
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
              maxLength={2000}
              value={message}
              onInput={(e) => {
                setMessage(e.currentTarget.value);
              }}
            />
            <button type="submit" disabled={working}>
              Post banner
            </button>
          </form>
          {state.banners.length > 0 ? (
            <ol class="action-banners">
              {state.banners.map((b, i) => (
                <li key={i}>
                  <span>{b.message}</span>{" "}
                  <button
                    type="button"
                    disabled={working}
                    aria-label={`Remove banner ${i + 1}`}
                    onClick={() => void act("remove-banner", { number: i + 1 })}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
      <p
        class={result === null ? "action-result" : `action-result ${result.ok ? "ok" : "refused"}`}
        role="status"
        aria-live="polite"
      >
        {result?.text ?? ""}
      </p>
    </section>
  );
}
