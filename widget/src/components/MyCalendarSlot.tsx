// Where the private calendar link goes: loads MyCalendar.tsx only once the user is signed in
// (inside a Matrix client), so that the public page's first load does not carry it.
import { useEffect, useState } from "preact/hooks";
import { useSession } from "../session.js";
import type { MyCalendar } from "./MyCalendar.js";

export function MyCalendarSlot({ slug }: { slug: string }) {
  const signedIn = useSession().status === "signed-in";
  const [Loaded, setLoaded] = useState<typeof MyCalendar | null>(null);
  useEffect(() => {
    if (!signedIn || Loaded !== null) return;
    void import("./MyCalendar.js").then((module) => {
      setLoaded(() => module.MyCalendar);
    });
  }, [signedIn, Loaded]);
  return signedIn && Loaded !== null ? <Loaded slug={slug} /> : null;
}
