// Entry point: read the URL, set theme and view, load the language's messages, render, and greet
// the Matrix client if framed (framed.ts: the widget API, sign-in and the actions load on demand).
import { render } from "preact";
import { App } from "./components/App.js";
import { Announcer } from "./components/Announcer.js";
import { loadMessages } from "./i18n/messages.js";
import { createLiveStore } from "./live.js";
import { startInMatrixClient } from "./framed.js";
import { parseParams } from "./params.js";
import { applyTheme, applyView } from "./theme.js";
import { formatClock } from "./time.js";
import "./styles.css";
import "./a11y.css";

const params = parseParams(window.location, document.referrer);
// Start loading the state, and the catalog of the page's language, before anything renders.
const live = createLiveStore(params.slug);
const messages = loadMessages([...params.languages, ...navigator.languages]);
// The first Intl.DateTimeFormat costs ~30 ms (ICU start-up): pay it while the state is in flight.
formatClock(new Date());
applyTheme(params.theme);
applyView(params.view);

const root = document.getElementById("app");
messages
  .then((choice) => {
    document.documentElement.lang = choice.locale;
    if (root === null) return;
    render(
      <>
        <App params={params} live={live} />
        <Announcer live={live} />
      </>,
      root,
    );
  })
  .catch((e: unknown) => {
    console.error("Could not load the page's messages", e);
  });

// Inside a Matrix client only: the widget API, then sign-in, in chunks of their own.
startInMatrixClient(params, applyTheme).catch((e: unknown) => {
  console.warn("Matrix widget handshake failed", e);
});
