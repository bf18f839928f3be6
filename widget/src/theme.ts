// Light or dark: a data-theme attribute on <html> picks the CSS variables (styles.css); without
// one the page follows the system's preference.
import type { Theme, View } from "./params.js";

export function applyTheme(theme: Theme | null): void {
  const root = document.documentElement;
  if (theme === null) root.removeAttribute("data-theme");
  else root.dataset.theme = theme;
}

export function applyView(view: View): void {
  document.documentElement.dataset.view = view;
}
