// Short help: which chat command does what (the full language is in the bot's help page).
const LINES: readonly (readonly [command: string, meaning: string])[] = [
  ["#TRACK now TOPIC", "say what the track is discussing now"],
  ["#TRACK next TOPIC", "add to what the track will discuss next"],
  ["#TRACK clean", "clear the track’s now and next"],
  ["#TRACK book ROOM-SLOT", "book a free slot (codes in the schedule)"],
  ["#TRACK unbook ROOM-SLOT", "give a booked slot back"],
  ["#TRACK url URL", "set the track’s meeting link"],
  ["#TRACK etherpad URL", "set the track’s etherpad"],
  ["#TRACK color COLOR", "set the track’s badge colour"],
  ["+in #TRACK", "check in to a track (+out to leave)"],
  ["+seen NICK", "where someone was last seen"],
  ["+subscribe REGEX", "get a direct message when a matching topic starts"],
  ["+unsubscribe", "stop those messages"],
  ["#help", "the bot’s help"],
];

export function Help() {
  return (
    <section class="card help" aria-labelledby="help-title">
      <h2 id="help-title">Chat commands</h2>
      <dl class="commands">
        {LINES.map(([command, meaning]) => (
          <div key={command}>
            <dt>
              <code>{command}</code>
            </dt>
            <dd>{meaning}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
