// The full help page (`helpUrl` in replies points here): every chat command, in plain HTML.
// Static content only; styled by /help.css because the CSP forbids inline styles.

interface Command {
  syntax: string;
  what: string;
}

interface Section {
  title: string;
  intro: string;
  commands: Command[];
}

const SECTIONS: Section[] = [
  {
    title: "Track commands",
    intro:
      "Sent in an event room, starting with the track's name after a #. When the event " +
      "requires voice, only voiced people (or moderators) may use them.",
    commands: [
      {
        syntax: "#TRACK now TOPIC",
        what: "Says what the track discusses right now. Clears its “coming next” list and tells subscribers.",
      },
      {
        syntax: "#TRACK next TOPIC",
        what: "Adds a topic to the track's “coming next” list and tells subscribers.",
      },
      {
        syntax: "#TRACK clean",
        what: "Clears the track's current and coming topics (also: clear).",
      },
      {
        syntax: "#TRACK etherpad URL",
        what: "Sets the track's etherpad; “etherpad auto” goes back to the generated one.",
      },
      {
        syntax: "#TRACK url URL",
        what: "Sets the track's own meeting link (instead of its room's); “url none” removes it.",
      },
      {
        syntax: "#TRACK color COLOR",
        what: "Sets the colour of the track's badge (a CSS colour).",
      },
      {
        syntax: "#TRACK location TEXT",
        what: "Says where the track meets, overriding the schedule.",
      },
      {
        syntax: "#TRACK book ROOM-SLOT",
        what: "Books a free slot for the track, e.g. “#swift book Aspen-FriP1”. Room names may contain spaces. Tells the track's followers and subscribers.",
      },
      { syntax: "#TRACK unbook ROOM-SLOT", what: "Frees a slot the track had booked." },
    ],
  },
  {
    title: "Commands for everyone",
    intro:
      "In an event room, start them with + or #. In a direct message with the bot, the prefix is optional.",
    commands: [
      {
        syntax: "+in #TRACK",
        what: "Tells others you are in that track's session (or “+in PLACE” for anywhere else).",
      },
      { syntax: "+out", what: "Checks you out of where you were." },
      { syntax: "+seen NICK", what: "Tells where NICK last checked in, and when." },
      {
        syntax: "+subscribe REGEX",
        what: "Sends you a direct message whenever a track's now/next matches the pattern; with no pattern, shows yours.",
      },
      { syntax: "+unsubscribe", what: "Stops those messages." },
      {
        syntax: "+follow #TRACK",
        what: "Follows a track: you hear of its now, next and bookings in a direct message, and get a reminder before each of its booked slots starts. “+follow” alone lists the tracks you follow. Also in the widget.",
      },
      { syntax: "+unfollow #TRACK", what: "Stops following the track." },
      { syntax: "#help", what: "A short reminder of the commands, with a link to this page." },
    ],
  },
  {
    title: "Moderator commands",
    intro: "Start with ~. Only room moderators may use them.",
    commands: [
      { syntax: "~list [PAGE]", what: "Lists the event's tracks." },
      { syntax: "~add TRACK [TRACK…]", what: "Adds tracks." },
      { syntax: "~del TRACK [TRACK…]", what: "Removes tracks." },
      { syntax: "~clean TRACK [TRACK…]", what: "Clears those tracks' current and coming topics." },
      { syntax: "~newday", what: "Starts a new day: clears every topic, location and check-in." },
      {
        syntax: "~motd add LEVEL MESSAGE",
        what: "Adds a banner at the top of the page; LEVEL is info, success, warning or danger.",
      },
      { syntax: "~motd del N", what: "Removes the Nth banner." },
      { syntax: "~motd reorder X Y…", what: "Puts banners in a new order (unlisted ones go)." },
      { syntax: "~motd clean", what: "Removes every banner." },
      { syntax: "~requirevoice", what: "Only voiced people may use track commands." },
      { syntax: "~alloweveryone", what: "Everyone may use track commands." },
      { syntax: "~emptydb", what: "Empties the event's schedule." },
      {
        syntax: "~fetchdb URL",
        what: "Loads the event from a PTGbot JSON document; the keys it has replace the current ones.",
      },
      {
        syntax: "~event [SLUG]",
        what:
          "Shows which event this room belongs to; with a slug, moves the room to that event " +
          "(or adopts a room no event has yet): only an admin of that event may.",
      },
      {
        syntax: "~name [TEXT]",
        what: "Shows the event's name; with text, renames it (the page's title).",
      },
      {
        syntax: "~timezone [ZONE|none]",
        what: "Shows or sets the venue's time zone (e.g. Europe/Berlin): the page shows venue time.",
      },
      {
        syntax: "~firstday [YYYY-MM-DD|none]",
        what: "Shows or sets the date of the first day: slots labelled like 09:00-10:45 get real times.",
      },
      {
        syntax: "~irc [ircs://HOST/#CHANNEL|none]",
        what: "Shows or sets the event's IRC channel, linked from the page's Where to talk.",
      },
      { syntax: "~widget", what: "Adds (or refreshes) the event's widget at the top of the room." },
    ],
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
