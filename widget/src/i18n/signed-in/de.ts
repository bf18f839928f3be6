// Deutsch, what only a signed-in user sees: every key of the English one (signed-in/en.ts; the
// type makes a missing one a compile error, and test/widget/catalogs.test.ts a failing test).
import { formatCount } from "../messages.js";
import type { SignedInCatalog } from "./en.js";

const de: SignedInCatalog = {
  bookFor: (code: string, track: string) => `${code} für #${track} buchen`,
  unbookFrom: (code: string, track: string) => `${code} von #${track} freigeben`,
  myCalendar: "Mein Kalender",
  myCalendarHint: "Ein privater Kalenderlink der Tracks, denen du folgst, für eine Kalender-App.",
  myCalendarGet: "Meinen Kalenderlink erzeugen",
  myCalendarRenew: "Neuer Link",
  myCalendarRevoke: "Widerrufen",
  myCalendarOnce:
    "Kopiere ihn jetzt: Er wird nur einmal gezeigt. Ein neuer Link widerruft den alten.",
  myCalendarActive: "Du hast einen Kalenderlink. Verloren? Erzeuge einen neuen.",
  myCalendarRevoked: "Dein Kalenderlink wurde widerrufen.",
  signingIn: "Anmeldung…",
  allowVerify: "Erlaube dem Widget, deine Identität zu prüfen, um zu handeln",
  readOnlyNotSignedIn: "Nur lesen: nicht angemeldet",
  readOnly: (reason: string) => `Nur lesen: ${reason}`,
  signedInAs: "Angemeldet als",
  roleModerator: "Moderation",
  roleAttendee: "Teilnahme",
  signOut: "Abmelden",
  actAs: (name: string, role: string) => `Handeln als ${name} (${role})`,
  track: "Track",
  checkInHere: "Hier einchecken",
  checkOut: "Auschecken",
  follow: "Folgen",
  unfollow: "Nicht mehr folgen",
  topicFor: (track: string) => `Thema für #${track}`,
  topicPlaceholder: (track: string) =>
    `Worüber #${track} spricht (einen freien Slot anklicken, um ihn zu buchen)`,
  setNow: "Jetzt setzen",
  addNext: "Als Nächstes hinzufügen",
  clean: "Leeren",
  bannerLevel: "Stufe des Banners",
  bannerMessage: "Text des Banners",
  postBanner: "Banner veröffentlichen",
  removeBanner: (n: number) => `Banner ${formatCount(n)} entfernen`,
  roleLead: "Leitung",
  askToLead: "Leitung anfragen",
  askToLeadWhy: (track: string) => `Warum du #${track} leiten möchtest (eine Zeile)`,
  yourLeadRequest: (n: number, track: string) =>
    `Deine Anfrage ${formatCount(n)}, #${track} zu leiten, wartet auf eine Admin-Antwort`,
  leadRequests: "Anfragen zur Leitung",
  noLeadRequests: "Keine offenen Anfragen zur Leitung",
  leadRequestBy: (nick: string, track: string) => `${nick} möchte #${track} leiten`,
  approve: "Annehmen",
  refuse: "Ablehnen",
  approveRequest: (n: number) => `Anfrage ${formatCount(n)} zur Leitung annehmen`,
  refuseRequest: (n: number) => `Anfrage ${formatCount(n)} zur Leitung ablehnen`,
  conflictLead: (track: string, other: string) =>
    `#${track} hat eine Leitung mit #${other} gemeinsam, das zur selben Zeit gebucht ist`,
  conflictFollowers: (shared: number, track: string, followers: number, other: string) =>
    `${formatCount(shared)} von ${formatCount(followers)} Folgenden von #${track} folgen auch #${other}, das zur selben Zeit gebucht ist`,
};

export default de;
