// The HTML page a browser gets for an error (a request that prefers text/html: a page address
// typed or followed by a person). API clients keep the JSON shape. Styled by /help.css (same
// origin, allowed by the page CSP) and /error.css; every value is escaped.
import { STATUS_CODES } from "node:http";

export const ERROR_PAGE_CSS = `.error-page{overflow-wrap:anywhere}
.error-page h1{font-size:1.6rem;margin:1rem 0 .5rem}
.error-message{font-size:1.1rem}
`;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What a person can do next, by status. */
function advice(status: number): string {
  if (status === 404) {
    return "Check the address. An event's page is at <code>/events/</code> followed by the event's name; the bot's reply to <code>~url</code> in the event's room gives it.";
  }
  if (status === 429 || status >= 500) return "Please try again in a moment.";
  return "";
}

export function errorPage(status: number, code: string, message: string): string {
  const title = STATUS_CODES[status] ?? "Error";
  const next = advice(status);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/help.css">
<link rel="stylesheet" href="/error.css">
</head>
<body>
<main class="error-page" data-status="${status}" data-code="${escapeHtml(code)}">
<h1>${escapeHtml(title)}</h1>
<p class="error-message">${escapeHtml(message)}</p>
${next === "" ? "" : `<p>${next}</p>\n`}<p><a href="/help">The chat commands</a> · <a href="/docs">The HTTP API</a></p>
</main>
</body>
</html>
`;
}
