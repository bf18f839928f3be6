// The lead tools (asking to lead a track; for admins, the open requests; for leads and admins,
// the conflict warnings on their slots) load only once a user has signed in: their code is a
// chunk of its own (LeadPanel.tsx), out of the public page's first load.
import type { FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { EventState } from "../../../shared/api/event-state.js";
import { useSession } from "../session.js";

type Props = { state: EventState };

let loaded: FunctionComponent<Props> | null = null;

export function LeadTools(props: Props) {
  const session = useSession();
  const signedIn = session.status === "signed-in" && session.me !== null;
  const [view, setView] = useState<FunctionComponent<Props> | null>(() => loaded);
  useEffect(() => {
    if (!signedIn || view !== null) return;
    import("./LeadPanel.js")
      .then((module) => {
        loaded = module.LeadPanel;
        setView(() => module.LeadPanel);
      })
      .catch((e: unknown) => {
        console.error("Could not load the lead tools", e);
      });
  }, [signedIn, view]);
  if (!signedIn || view === null) return null;
  const View = view;
  return <View {...props} />;
}
