// Kysely's view of the schema that migrations/ creates. Keep in step with the migrations.
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface EventsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  etherpad_base: Generated<string>;
  version: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** IANA time zone of the venue, e.g. "Europe/Berlin" (migrations/0003_venue_time). */
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  /** Date of the event's first day, "YYYY-MM-DD" (migrations/0003_venue_time). */
  first_day: ColumnType<string | null, string | null | undefined, string | null>;
  /** The event's IRC channel as an irc:// or ircs:// URL (migrations/0003_venue_time). */
  irc_channel: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface EventSettingsTable {
  event_id: number;
  voice_required: Generated<boolean>;
  admin_level: Generated<number>;
  voice_level: Generated<number>;
  /** ~requireleads: track commands only from the track's leads and admins (0070_track_leads). */
  leads_required: Generated<boolean>;
  /** Booking rules: the most a track books a day, and in all (0071_booking_rules); null: none. */
  rule_per_day: ColumnType<number | null, number | null | undefined, number | null>;
  rule_total: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface EventRoomsTable {
  chat_room_id: string;
  event_id: number;
  bound_at: Generated<Date>;
  /** An admin marked the room public: listed whatever its join rule (migrations/0010_trust). */
  listed_public: Generated<boolean>;
  /** The track whose room this is, if any (migrations/0080_track_rooms). */
  track_id: number | null;
  /** The room's alias, when known (the bot's track rooms; migrations/0110_track_room_creation). */
  matrix_alias: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TracksTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  color: string | null;
  etherpad: string | null;
  url: string | null;
  location: string | null;
  location_set_by_hand: Generated<boolean>;
}

export interface RoomsTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  position: number;
  description: string | null;
  capability_icon: string | null;
  capability_description: string | null;
  meeting_url: string | null;
}

export interface SlotsTable {
  id: Generated<number>;
  event_id: number;
  day: string;
  day_position: number;
  position: number;
  code: string;
  label: string;
  starts_at: Timestamp | null;
  duration_minutes: number | null;
}

export interface BookingsTable {
  room_id: number;
  slot_id: number;
  track_id: number | null;
}

export interface NowTopicsTable {
  track_id: number;
  topic: string;
  set_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface NextTopicsTable {
  id: Generated<number>;
  track_id: number;
  position: number;
  topic: string;
}

export interface BannersTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  level: string;
  message: string;
}

export interface LinksTable {
  id: Generated<number>;
  event_id: number;
  position: number;
  label: string;
  url: string;
}

export interface CheckInsTable {
  event_id: number;
  person_key: string;
  nick: string;
  location: string;
  checked_in_at: Timestamp;
  checked_out_at: Timestamp | null;
}

export interface SubscriptionsTable {
  event_id: number;
  person_key: string;
  nick: string;
  pattern: string;
}

export interface CommandLogTable {
  id: Generated<number>;
  message_id: string;
  event_id: number | null;
  chat_room_id: string | null;
  sender_id: string;
  sender_nick: string;
  text: string;
  result: "ok" | "refused" | "error";
  reply: string;
  notifications: ColumnType<unknown, string | undefined, string>;
  effects: ColumnType<unknown, string | undefined, string>;
  delivered: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface Database {
  events: EventsTable;
  event_settings: EventSettingsTable;
  event_rooms: EventRoomsTable;
  tracks: TracksTable;
  rooms: RoomsTable;
  slots: SlotsTable;
  bookings: BookingsTable;
  now_topics: NowTopicsTable;
  next_topics: NextTopicsTable;
  banners: BannersTable;
  links: LinksTable;
  check_ins: CheckInsTable;
  subscriptions: SubscriptionsTable;
  command_log: CommandLogTable;
}

export type EventRow = Selectable<EventsTable>;
export type TrackRow = Selectable<TracksTable>;
export type NewCommandLog = Insertable<CommandLogTable>;

/** The Matrix bot's sync token, filter and key/values, per bot account (migrations/0002_bot). */
export interface BotStateTable {
  account: string;
  key: string;
  value: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

// Declaration merging keeps this addition append-only.
export interface Database {
  bot_state: BotStateTable;
}

/** Messages commands caused, until their adapter delivers them (migrations/0002_outbox). */
export interface OutboxTable {
  id: Generated<number>;
  command_id: number | null;
  adapter: "matrix" | "console";
  destination: ColumnType<unknown, string, string>;
  message: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
  delivered_at: Date | null;
  failure: string | null;
}

/** Widget sign-in sessions (migrations/0004_sessions): only the token's SHA-256 is stored. */
export interface WidgetSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

/** Power in each Matrix room the bot is in (migrations/0005_room_state), kept as it syncs. */
export interface MatrixRoomPowerTable {
  room_id: string;
  /** A JSON array of user ids. */
  creators: ColumnType<unknown, string | undefined, string>;
  creators_privileged: Generated<boolean>;
  has_power_levels: Generated<boolean>;
  /** A JSON object: user id → power level. */
  users: ColumnType<unknown, string | undefined, string>;
  users_default: Generated<number>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** m.room.join_rules' join_rule (`public`, `invite`…), null when not known (0010_trust). */
  join_rule: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Joined members of each Matrix room the bot is in (migrations/0005_room_state). */
export interface MatrixRoomMembersTable {
  room_id: string;
  user_id: string;
  /** Their display name in the room, one line (migrations/0020_member_names); null: none. */
  display_name: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface Database {
  outbox: OutboxTable;
  widget_sessions: WidgetSessionsTable;
  matrix_room_power: MatrixRoomPowerTable;
  matrix_room_members: MatrixRoomMembersTable;
  matrix_encrypted_rooms: MatrixEncryptedRoomsTable;
  matrix_crypto_store: MatrixCryptoStoreTable;
  matrix_undecrypted_events: MatrixUndecryptedEventsTable;
}

/** Rooms known to be end-to-end encrypted (migrations/0030_encryption). */
export interface MatrixEncryptedRoomsTable {
  room_id: string;
  encryption: ColumnType<unknown, string, string>;
  seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  noticed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** The bot's crypto state, one row per bot account (migrations/0030_encryption). */
export interface MatrixCryptoStoreTable {
  user_id: string;
  device_id: string;
  snapshot: Uint8Array;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Encrypted events waiting for their room key (migrations/0030_encryption). */
export interface MatrixUndecryptedEventsTable {
  event_id: string;
  room_id: string;
  event: ColumnType<unknown, string, string>;
  received_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Tracks each person follows (migrations/0006_follows). */
export interface FollowsTable {
  track_id: number;
  event_id: number;
  person_key: string;
  nick: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Reminders sent for followed tracks' booked slots, one per (booking, follower, start). */
export interface RemindersSentTable {
  room_id: number;
  slot_id: number;
  track_id: number;
  person_key: string;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  sent_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  follows: FollowsTable;
  reminders_sent: RemindersSentTable;
}

/** When each bot account last finished a sync (migrations/0010_trust). */
export interface BotSyncHeartbeatsTable {
  bot_user_id: string;
  synced_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** OpenID tokens that signed in, by SHA-256, until they expire (migrations/0010_trust). */
export interface OpenIdTokensUsedTable {
  token_hash: string;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface Database {
  bot_sync_heartbeats: BotSyncHeartbeatsTable;
  openid_tokens_used: OpenIdTokensUsedTable;
}

/** The bot's direct rooms and where their person stands (migrations/0040_direct_rooms). */
export interface MatrixDirectRoomsTable {
  room_id: string;
  user_id: string;
  membership: string;
  since: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  matrix_direct_rooms: MatrixDirectRoomsTable;
}

/** What an imported talk schedule says about itself (migrations/0060_talks). */
export interface TalkSchedulesTable {
  event_id: number;
  format: string;
  version: string;
  title: string;
  acronym: string;
  url: string | null;
  base_url: string | null;
  start_date: string;
  end_date: string;
  timeslot_minutes: number;
  days: ColumnType<unknown, string, string>;
  rooms: ColumnType<unknown, string, string>;
  tracks: ColumnType<unknown, string, string>;
  imported_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Talks with their real start and duration (migrations/0060_talks). */
export interface TalksTable {
  id: Generated<number>;
  event_id: number;
  guid: string;
  frab_id: number | null;
  room: string;
  starts_at: Timestamp;
  duration_minutes: number;
  day: string;
  title: string;
  track_title: string | null;
  track_id: number | null;
  details: ColumnType<unknown, string, string>;
  sequence: Generated<number>;
}

/** Conditional-request state of a polled schedule URL (migrations/0060_talks). */
export interface SchedulePollsTable {
  /** The event that polls `url` (migrations/0160_schedule_polls_per_event). */
  event_slug: Generated<string>;
  url: string;
  etag: string | null;
  last_modified: string | null;
  checked_at: Timestamp | null;
}

export interface Database {
  talk_schedules: TalkSchedulesTable;
  talks: TalksTable;
  schedule_polls: SchedulePollsTable;
}

/** The Matrix users who lead each track (migrations/0070_track_leads). */
export interface TrackLeadsTable {
  track_id: number;
  event_id: number;
  user_id: string;
}

export interface Database {
  track_leads: TrackLeadsTable;
}

/** The event's Matrix Space (migrations/0110_track_room_creation). */
export interface EventSpacesTable {
  event_id: number;
  room_id: string | null;
  alias: string | null;
  /** What `~space` named, while the bot checks it. */
  adopt_target: string | null;
  /** Where the bot says how the adoption went (an outbox destination). */
  adopt_reply_to: ColumnType<unknown, string | null, string | null>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A `~trackrooms create`: where its progress goes (migrations/0110_track_room_creation). */
export interface TrackRoomBatchesTable {
  id: Generated<number>;
  event_id: number;
  reply_to: ColumnType<unknown, string, string>;
  requested_by: string;
  total: number;
  paced_told: Generated<boolean>;
  created_at: Generated<Date>;
}

/** One track's room to create (migrations/0110_track_room_creation). */
export interface TrackRoomJobsTable {
  id: Generated<number>;
  batch_id: number;
  event_id: number;
  track_id: number;
  state: ColumnType<"pending" | "done" | "failed", "pending" | undefined, "done" | "failed">;
  room_id: string | null;
  error: string | null;
  finished_at: ColumnType<Date | null, never, Date | string>;
}

export interface Database {
  event_spaces: EventSpacesTable;
  track_room_batches: TrackRoomBatchesTable;
  track_room_jobs: TrackRoomJobsTable;
}

/** A change notice waiting for its follower's due time (migrations/0100_schedule_followers). */
export interface ScheduleNoticesTable {
  id: Generated<number>;
  event_id: number;
  person_key: string;
  nick: string;
  subject: string;
  title: string;
  before: ColumnType<unknown, string | null, string | null>;
  after: ColumnType<unknown, string | null, string | null>;
  due_at: Timestamp;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The schedule URL an admin set for an event (`~schedule URL`). */
export interface ScheduleSourcesTable {
  event_id: number;
  url: string;
  set_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A person's private calendar token, hashed (one per person and event). */
export interface CalendarTokensTable {
  token_hash: string;
  event_id: number;
  person_key: string;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  schedule_notices: ScheduleNoticesTable;
  schedule_sources: ScheduleSourcesTable;
  calendar_tokens: CalendarTokensTable;
}

/** Requests to lead a track, from the widget (migrations/0090_lead_requests). */
export interface LeadRequestsTable {
  id: Generated<number>;
  event_id: number;
  /** Counts from 1 in each event: `~leads approve N`. */
  number: number;
  track_id: number;
  user_id: string;
  nick: string;
  text: string;
  asked_at: Date;
  /** null while open. */
  answer: "approved" | "refused" | null;
  answered_by: string | null;
  answered_at: Date | null;
}

export interface Database {
  lead_requests: LeadRequestsTable;
}

// Issue 20 (migrations/0120_status_links): private meeting links, status messages.
export interface EventsTable {
  /** `~privatelinks on`: track urls and etherpads are left out of everything public. */
  private_links: Generated<boolean>;
}

export interface EventRoomsTable {
  /** `~status on|off`: whether the room has a pinned status message; null: the default. */
  status_mode: ColumnType<
    "on" | "off" | null,
    "on" | "off" | null | undefined,
    "on" | "off" | null
  >;
}

/** The bot's pinned status message in a room, and the text it shows now. */
export interface StatusMessagesTable {
  room_id: string;
  event_id: string;
  body: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface Database {
  status_messages: StatusMessagesTable;
}
