// Short help: which chat command does what (the full language is in the bot's help page). The
// commands stay PTGbot's English; what they do is said in the page's language.
import { t, type Catalog } from "../i18n/messages.js";

/** The catalog's keys whose messages are plain texts. */
type TextKey = { [K in keyof Catalog]: Catalog[K] extends string ? K : never }[keyof Catalog];

const LINES: readonly (readonly [command: string, meaning: TextKey])[] = [
  ["#TRACK now TOPIC", "helpNow"],
  ["#TRACK next TOPIC", "helpNext"],
  ["#TRACK clean", "helpClean"],
  ["#TRACK book ROOM-SLOT", "helpBook"],
  ["#TRACK unbook ROOM-SLOT", "helpUnbook"],
  ["#TRACK url URL", "helpUrl"],
  ["#TRACK etherpad URL", "helpEtherpad"],
  ["#TRACK color COLOR", "helpColor"],
  ["+in #TRACK", "helpIn"],
  ["+seen NICK", "helpSeen"],
  ["+subscribe REGEX", "helpSubscribe"],
  ["+unsubscribe", "helpUnsubscribe"],
  ["#help", "helpHelp"],
];

export function Help() {
  return (
    <section class="card help" aria-labelledby="help-title">
      <h2 id="help-title">{t.chatCommands}</h2>
      <dl class="commands">
        {LINES.map(([command, meaning]) => (
          <div key={command}>
            <dt>
              <code>{command}</code>
            </dt>
            <dd>{t[meaning]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
