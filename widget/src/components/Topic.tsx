// A sentence from chat: `#track` words as badges, URLs as links, the rest as text.
import type { TrackState } from "../../../shared/api/event-state.js";
import { splitTopic } from "../text.js";
import { TrackBadge } from "./TrackBadge.js";

interface Props {
  text: string;
  tracks: ReadonlyMap<string, TrackState>;
}

export function Topic({ text, tracks }: Props) {
  const parts = splitTopic(text, (name) => tracks.has(name));
  return (
    <>
      {parts.map((part, i) => {
        if (part.kind === "text") return part.text;
        if (part.kind === "link") {
          return (
            <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
              {part.text}
            </a>
          );
        }
        return (
          <TrackBadge
            key={i}
            name={part.name}
            color={tracks.get(part.name)?.color ?? null}
            text={part.text}
            class="badge-inline"
          />
        );
      })}
    </>
  );
}
