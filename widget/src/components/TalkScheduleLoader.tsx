// The talk list of an imported schedule, loaded on demand: its code (and talks.css) is a chunk of
// its own, fetched only when the state has talks, so that an event without them (most) does not
// download it. Renders nothing until the chunk has arrived.
import type { ComponentProps, FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { TalkSchedule as TalkScheduleView } from "./TalkSchedule.js";

type Props = ComponentProps<typeof TalkScheduleView>;

let loaded: FunctionComponent<Props> | null = null;

export function TalkSchedule(props: Props) {
  const [view, setView] = useState<FunctionComponent<Props> | null>(() => loaded);
  useEffect(() => {
    if (view !== null) return;
    import("./TalkSchedule.js")
      .then((module) => {
        loaded = module.TalkSchedule;
        setView(() => module.TalkSchedule);
      })
      .catch((e: unknown) => {
        console.error("Could not load the talk list", e);
      });
  }, [view]);
  if (view === null) return null;
  const View = view;
  return <View {...props} />;
}
