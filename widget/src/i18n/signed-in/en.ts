// English words only a signed-in user sees (sign-in, the action panel, booking, the lead tools,
// the private calendar link), loaded with the sign-in chunk (messages.ts: loadSignedInMessages)
// so that the public page's catalog does not carry them. The reference: its type is every other
// language's.
import { formatCount } from "../messages.js";

const en = {
  bookFor: (code: string, track: string) => `Book ${code} for #${track}`,
  unbookFrom: (code: string, track: string) => `Unbook ${code} from #${track}`,
  myCalendar: "My calendar",
  myCalendarHint: "A private calendar link of the tracks you follow, for a calendar app.",
  myCalendarGet: "Get my calendar link",
  myCalendarRenew: "New link",
  myCalendarRevoke: "Revoke",
  myCalendarOnce: "Copy it now: it is shown only once. A new link revokes the old one.",
  myCalendarActive: "You have a calendar link. Lost it? Get a new one.",
  myCalendarRevoked: "Your calendar link was revoked.",
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
};

export type SignedInCatalog = typeof en;
export default en;
