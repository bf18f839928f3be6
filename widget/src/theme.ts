// Light or dark: a data-theme attribute on <html> picks the CSS variables (styles.css). With no
// theme asked for, the page follows the system's preference, and keeps following it.
import type { Theme, View } from "./params.js";

const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
let asked: Theme | null = null;

function render(): void {
  document.documentElement.dataset.theme = asked ?? (systemDark.matches ? "dark" : "light");
}

systemDark.addEventListener("change", render);

export function applyTheme(theme: Theme | null): void {
  asked = theme;
  render();
}

export function applyView(view: View): void {
  document.documentElement.dataset.view = view;
}
