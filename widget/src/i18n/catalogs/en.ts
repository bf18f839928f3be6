// English: every word the page, the widget and the hallway screen show to everyone (chat commands
// and the bot's replies stay English in every language: they are PTGbot's; what only a signed-in
// user sees is in ../signed-in/). The reference catalog: its
// type is every other catalog's. `{code}` in a text marks where a chat command goes.
import { formatCount, pluralOf } from "../messages.js";

const en = {
  // Loading and the live connection
  loading: "Loading…",
  couldNotLoad: (error: string) => `Could not load the event: ${error}`,
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  liveUpdates: "Live updates",
  // Clock and times
  venueTimeTitle: (zone: string) => `Venue time (${zone})`,
  venueTimeIn: (zone: string) => `venue time, ${zone}`,
  yourTime: (time: string) => `${time} your time`,
  inYourTimeZone: (zone: string) => `In your time zone (${zone})`,
  lastUpdated: "Last updated",
  // Sections
  now: "Now",
  comingNext: "Coming next",
  news: "News",
  schedule: "Schedule",
  scheduleFor: (day: string) => `Schedule for ${day}`,
  scheduleHeading: (day: string) => `Schedule, ${day}`,
  whereToTalk: "Where to talk",
  etherpadsAndCalendars: "Etherpads and calendars",
  links: "Links",
  chatCommands: "Chat commands",
  // Now and next
  nowEmpty: "Nothing announced yet. Tracks say what they discuss with {code}",
  nextEmpty: "Nothing queued. Add to a track’s list with {code}",
  nothingAnnounced: "Nothing announced right now.",
  andMore: (count: number) => `and ${formatCount(count)} more`,
  where: "Where: ",
  checkedIn: (count: number, names: string) => `${formatCount(count)} checked in: ${names}`,
  joinTrack: (track: string) => `Join ${track}`,
  // Banners
  bannerInfo: "Info",
  bannerSuccess: "Good news",
  bannerWarning: "Warning",
  bannerDanger: "Important",
  // Track filter
  findTrack: "Find a track",
  findTrackPlaceholder: "name, topic or room",
  tracksShown: (shown: number, total: number) =>
    `${formatCount(shown)} of ${formatCount(total)} ${pluralOf(total) === "one" ? "track" : "tracks"}`,
  // Schedule
  days: "Days",
  today: " (today)",
  room: "Room",
  nowTag: "now",
  notOffered: "not offered",
  noRoomOpen: (day: string) => `No room is open on ${day}.`,
  noSchedule: "No schedule yet.",
  noScheduleHelp:
    "Organizers load one from a PTGbot JSON file: in the event’s Matrix room, an admin types {code}; on the server, run {code2}. Then set the venue’s time zone and first day so that slots get real times.",
  joinRoom: "Join",
  joinRoomLabel: (room: string) => `Join the ${room} video room`,
  availableBookWith: (code: string) => `Available: book it with #TRACK book ${code}`,
  // Etherpads, links, where to talk
  noTracks: "No tracks.",
  etherpadOf: (track: string) => `Etherpad of ${track}`,
  calendarOf: (track: string) => `Calendar of ${track}`,
  calendarOfTitle: (track: string) => `Calendar of ${track} (iCalendar)`,
  calendar: "calendar",
  joinVideo: "Join video",
  video: "video",
  joinVideoOf: (track: string) => `Join video: ${track}`,
  eventMatrixRoom: "The event’s Matrix room",
  eventRoomN: (n: number) => `Event room ${formatCount(n)} on Matrix`,
  typeCommandsThere: "— type the commands below there",
  trackRooms: "Each track’s own room on Matrix:",
  trackRoomOf: (track: string) => `The Matrix room of ${track}`,
  matrixRoomMissing: "The event’s Matrix room is not set up yet (an organizer runs {code} in it).",
  onNetwork: (network: string) => `on ${network} (IRC)`,
  eventCalendar: "Calendar of the whole event",
  scheduleForApps: "Schedule for apps:",
  scheduleAppsHint: "(Giggity, ConfClerk, Fahrplan)",
  // Talks of an imported schedule (real times and lengths)
  minutes: (n: number) => `${formatCount(n)} min`,
  withPersons: (names: string) => `with ${names}`,
  talksNow: "Talks now",
  talksNext: "Talks next",
  startsAt: (time: string) => `at ${time}`,
  // The event's calendar, and the help page
  eventCalendarHint: "(iCalendar: subscribe to this link from a calendar app)",
  helpLink: "Help: every chat command",
  // Help: what each chat command does
  helpNow: "say what the track is discussing now",
  helpNext: "add to what the track will discuss next",
  helpClean: "clear the track’s now and next",
  helpBook: "book a free slot (codes in the schedule)",
  helpUnbook: "give a booked slot back",
  helpUrl: "set the track’s meeting link",
  helpEtherpad: "set the track’s etherpad",
  helpColor: "set the track’s badge colour",
  helpIn: "check in to a track (+out to leave)",
  helpSeen: "where someone was last seen",
  helpSubscribe: "get a direct message when a matching topic starts",
  helpUnsubscribe: "stop those messages",
  helpHelp: "the bot’s help",
  act: "Act",
  // Track leads (issue 22)
  trackLeads: "Track leads",
  // Hallway screen
  continued: (heading: string) => `${heading} (continued)`,
  pageOf: (page: number, pages: number) => `Page ${formatCount(page)} of ${formatCount(pages)}`,
  pauseRotation: "Pause",
  pauseHint: " the page rotation (space key)",
  qrCode: (track: string) => `QR code: the meeting link of ${track}`,
  qrRoom: (track: string) => `QR code: the Matrix room of ${track}`,
  qrVideoCaption: "Video",
  qrRoomCaption: "Chat",
  // Announced to screen readers when the state changes (summarised)
  announceChanged: (count: number) =>
    `${formatCount(count)} ${pluralOf(count) === "one" ? "track changed" : "tracks changed"}`,
  announceNow: (track: string, topic: string) => `${track} now: ${topic}`,
  announceBanners: "News changed",
  announceSchedule: "Schedule changed",
};

export type Catalog = typeof en;
export default en;
