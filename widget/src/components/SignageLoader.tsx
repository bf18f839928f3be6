// The hallway screen, loaded on demand: its code (paging, rotation, QR codes) is a chunk of its
// own, so that the event page and the widget, which never show it, do not download it.
import { lazyView } from "./lazy-view.js";

export const Signage = lazyView(() => import("./Signage.js").then((module) => module.Signage));
