// The full help page (`helpUrl` in replies points here): every chat command, in plain HTML.
// Static content only; styled by /help.css because the CSP forbids inline styles. The rows are
// the help lines the operation kinds declare (shared/operations/help.ts).
import type { HelpLine } from "../../shared/operations/kind.js";
import { helpLines } from "../../shared/operations/help.js";

interface Section {
  title: string;
  intro: string;
  commands: HelpLine[];
}

const SECTIONS: Section[] = [
  {
    title: "Track commands",
    intro:
      "Sent in an event room, starting with the track's name after a #. When the event " +
      "requires voice, only voiced people (or moderators) may use them.",
    commands: helpLines("#"),
  },
  {
    title: "Commands for everyone",
    intro:
      "In an event room, start them with + or #. In a direct message with the bot, the prefix is optional.",
    commands: helpLines("+"),
  },
  {
    title: "Moderator commands",
    intro: "Start with ~. Only room moderators may use them.",
    commands: helpLines("~"),
  },
];

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function renderSection(section: Section): string {
  const rows = section.commands
    .map(
      (c) =>
        `<tr><th scope="row"><code>${escapeHtml(c.syntax)}</code></th><td>${escapeHtml(c.what)}</td></tr>`,
    )
    .join("\n");
  return `<section>
<h2>${escapeHtml(section.title)}</h2>
<p>${escapeHtml(section.intro)}</p>
<table>
${rows}
</table>
</section>`;
}

export function helpPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PTG bot: commands</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/help.css">
</head>
<body>
<main>
<h1>PTG bot: commands</h1>
<p>The bot reads commands in the event's chat rooms and keeps the event's page up to date.
Anything that does not start like a command is ordinary chat and is left alone. Replies say
whether a command worked; a command that fails changes nothing.</p>
${SECTIONS.map(renderSection).join("\n")}
<h2>Booking codes</h2>
<p>A slot is named by its day and part of day, such as <code>MonA1</code> or <code>FriP2</code>;
the schedule on the event's page shows the code of every free slot next to its room
(<code>Aspen-FriP1</code>).</p>
</main>
</body>
</html>
`;
}

export const HELP_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #ddd}
th{white-space:nowrap;font-weight:normal}
code{font:0.95em ui-monospace,monospace;background:#f2f2f2;padding:0 .2em;border-radius:3px}
@media (prefers-color-scheme:dark){body{color:#eee;background:#161616}th,td{border-color:#333}code{background:#2a2a2a}}
@media (max-width:40rem){th{white-space:normal}}
`;
