// The hallway screen, loaded on demand: its code (paging, rotation, QR codes) is a chunk of its
// own, so that the event page and the widget, which never show it, do not download it. Renders
// nothing until the chunk has arrived (the state is usually still in flight then too).
import type { ComponentProps, FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { Signage as SignageView } from "./Signage.js";

type Props = ComponentProps<typeof SignageView>;

let loaded: FunctionComponent<Props> | null = null;

export function Signage(props: Props) {
  const [view, setView] = useState<FunctionComponent<Props> | null>(() => loaded);
  useEffect(() => {
    if (view !== null) return;
    import("./Signage.js")
      .then((module) => {
        loaded = module.Signage;
        setView(() => module.Signage);
      })
      .catch((e: unknown) => {
        console.error("Could not load the hallway screen", e);
      });
  }, [view]);
  if (view === null) return null;
  const View = view;
  return <View {...props} />;
}
