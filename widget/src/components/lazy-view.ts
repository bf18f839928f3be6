// A view whose code is a chunk of its own, fetched on its first render: renders nothing until
// the chunk has arrived, then the view (kept for every later render). For the parts of the page
// that most visitors never see (the hallway screen, an imported schedule's talks).
import { h, type FunctionComponent } from "preact";
import { useEffect, useState } from "preact/hooks";

export function lazyView<P extends object>(
  load: () => Promise<FunctionComponent<P>>,
): FunctionComponent<P> {
  let loaded: FunctionComponent<P> | null = null;
  return function LazyView(props: P) {
    const [view, setView] = useState(() => loaded);
    useEffect(() => {
      if (view !== null) return;
      load()
        .then((component) => {
          loaded = component;
          setView(() => component);
        })
        .catch(console.error);
    }, [view]);
    return view === null ? null : h(view, props);
  };
}
