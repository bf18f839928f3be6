// English: every word the page, the widget and the hallway screen show (chat commands and the
// bot's replies stay English in every language: they are PTGbot's). The reference catalog: its
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
  bookFor: (code: string, track: string) => `Book ${code} for #${track}`,
  unbookFrom: (code: string, track: string) => `Unbook ${code} from #${track}`,
  // Etherpads, links, where to talk
  noTracks: "No tracks.",
  etherpadOf: (track: string) => `Etherpad of ${track}`,
  calendarOf: (track: string) => `Calendar of ${track}`,
  calendarOfTitle: (track: string) => `Calendar of ${track} (iCalendar)`,
  calendar: "calendar",
  eventMatrixRoom: "The event’s Matrix room",
  eventRoomN: (n: number) => `Event room ${formatCount(n)} on Matrix`,
  typeCommandsThere: "— type the commands below there",
  matrixRoomMissing: "The event’s Matrix room is not set up yet (an organizer runs {code} in it).",
  onNetwork: (network: string) => `on ${network} (IRC)`,
  eventCalendar: "Calendar of the whole event",
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
  // Signed in, and what a signed-in user can do
  signingIn: "Signing in…",
  allowVerify: "Allow the widget to verify your identity to act",
  readOnlyNotSignedIn: "Read-only: not signed in",
  readOnly: (reason: string) => `Read-only: ${reason}`,
  signedInAs: "Signed in as",
  roleModerator: "moderator",
  roleAttendee: "attendee",
  signOut: "Sign out",
  actAs: (name: string, role: string) => `Act as ${name} (${role})`,
  track: "Track",
  checkInHere: "Check in here",
  checkOut: "Check out",
  follow: "Follow",
  unfollow: "Unfollow",
  topicFor: (track: string) => `Topic for #${track}`,
  topicPlaceholder: (track: string) => `What #${track} discusses (click a free slot to book it)`,
  setNow: "Set now",
  addNext: "Add next",
  clean: "Clean",
  bannerLevel: "Banner level",
  bannerMessage: "Banner message",
  postBanner: "Post banner",
  removeBanner: (n: number) => `Remove banner ${formatCount(n)}`,
  // Track leads (issue 22)
  trackLeads: "Track leads",
  roleLead: "lead",
  askToLead: "Ask to lead",
  askToLeadWhy: (track: string) => `Why you would lead #${track} (one line)`,
  yourLeadRequest: (n: number, track: string) =>
    `Your request ${formatCount(n)} to lead #${track} waits for an admin`,
  leadRequests: "Lead requests",
  noLeadRequests: "No open lead requests",
  leadRequestBy: (nick: string, track: string) => `${nick} asks to lead #${track}`,
  approve: "Approve",
  refuse: "Refuse",
  approveRequest: (n: number) => `Approve lead request ${formatCount(n)}`,
  refuseRequest: (n: number) => `Refuse lead request ${formatCount(n)}`,
  conflictLead: (track: string, other: string) =>
    `#${track} shares a lead with #${other}, booked then`,
  conflictFollowers: (shared: number, track: string, followers: number, other: string) =>
    `${formatCount(shared)} of #${track}’s ${formatCount(followers)} followers also follow #${other}, booked then`,
  // Hallway screen
  continued: (heading: string) => `${heading} (continued)`,
  pageOf: (page: number, pages: number) => `Page ${formatCount(page)} of ${formatCount(pages)}`,
  pauseRotation: "Pause",
  pauseHint: " the page rotation (space key)",
  qrCode: (track: string) => `QR code: the meeting link of ${track}`,
  // Announced to screen readers when the state changes (summarised)
  announceChanged: (count: number) =>
    `${formatCount(count)} ${pluralOf(count) === "one" ? "track changed" : "tracks changed"}`,
  announceNow: (track: string, topic: string) => `${track} now: ${topic}`,
  announceBanners: "News changed",
  announceSchedule: "Schedule changed",
};

export type Catalog = typeof en;
export default en;
