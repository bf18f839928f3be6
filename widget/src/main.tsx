// Entry point: read the URL, set theme and view, render, and greet the Matrix client if framed.
import { render } from "preact";
import { App } from "./components/App.js";
import { isFramed, startMatrixWidget } from "./matrix.js";
import { parseParams } from "./params.js";
import { applyTheme, applyView } from "./theme.js";
import "./styles.css";

const params = parseParams(window.location, document.referrer);
applyTheme(params.theme);
applyView(params.view);

const root = document.getElementById("app");
if (root !== null) render(<App params={params} />, root);

if (params.widgetId !== null && isFramed()) {
  startMatrixWidget(params, applyTheme).catch((e: unknown) => {
    console.warn("Matrix widget handshake failed", e);
  });
}
