// Which signage page is on screen: it moves on every few seconds, and with the arrow keys (or
// Page Up/Down). The rotation can be paused and restarted with a visible control or the space
// key (WCAG 2.2.2, Pause, Stop, Hide).
import { useCallback, useEffect, useState } from "preact/hooks";

export interface Rotation {
  index: number;
  paused: boolean;
  togglePause: () => void;
}

export function useRotation(pages: number, seconds: number, ready: boolean): Rotation {
  const [index, setIndex] = useState(0);
  const [paused, setPaused] = useState(false);
  const togglePause = useCallback(() => {
    setPaused((p) => !p);
  }, []);
  useEffect(() => {
    if (!ready || pages < 2 || paused) return;
    const id = window.setInterval(() => {
      setIndex((i) => (i + 1) % pages);
    }, seconds * 1000);
    return () => {
      window.clearInterval(id);
    };
  }, [pages, seconds, ready, paused]);
  useEffect(() => {
    if (!ready || pages < 2) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === " ") {
        // The pause button handles its own space press (a click).
        if (event.target instanceof HTMLButtonElement) return;
        event.preventDefault();
        togglePause();
        return;
      }
      const step = { ArrowRight: 1, PageDown: 1, ArrowLeft: -1, PageUp: -1 }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      setIndex((i) => (i + step + pages) % pages);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, [pages, ready, togglePause]);
  return { index: pages === 0 ? 0 : index % pages, paused, togglePause };
}
