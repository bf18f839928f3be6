/** The short help: three lines, with a link to the full help. */
export function helpText(helpUrl: string): string {
  return [
    "Track moderators: #TRACK now|next TOPIC, #TRACK clean, #TRACK book|unbook ROOM-SLOT, #TRACK etherpad|url|color|location ...",
    "Everyone: +in #TRACK (or a place), +out, +seen NICK, +subscribe REGEX, +unsubscribe, +follow|unfollow #TRACK. Admins: ~list ~add ~del ~clean ~newday ~motd ~requirevoice ~alloweveryone ~emptydb ~fetchdb ~event ~name ~timezone ~firstday ~irc ~widget",
    `Full help: ${helpUrl}`,
  ].join("\n");
}
