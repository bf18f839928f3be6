// May the signed-in user use a track's commands (now, next, clean, book, unbook) from the widget?
// The server's answer (/me: `tracks`, from the core's permission rule): every track, or only the
// tracks they lead after ~requireleads. The panel offers nothing the core would refuse.
import type { Me } from "./session.js";

export const maySteer = (me: Me | null, track: string): boolean =>
  me !== null && me.may.track && (me.tracks === "all" || me.tracks.includes(track));
