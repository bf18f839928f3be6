// The parts of the page that show an imported schedule's talks, loaded on demand: their code (and
// talks.css) is a chunk of its own, fetched only when the state has talks, so that an event
// without them (most) does not download it.
import { lazyView } from "./lazy-view.js";

export const TalkSchedule = lazyView(() =>
  import("./TalkSchedule.js").then((module) => module.TalkSchedule),
);

export const TalksNow = lazyView(() => import("./TalksNow.js").then((module) => module.TalksNow));
