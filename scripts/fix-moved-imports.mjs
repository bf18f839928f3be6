// One-off helper for merging branches started before the folder moves of issue 19 (delete it
// once they are merged): rewrites every relative import that no longer resolves, when the file
// it meant (or the file holding it) has moved. `node scripts/fix-moved-imports.mjs` after a
// merge; it prints what it changed and what it could not place. Imports of the deleted barrel
// shared/net/index.ts, and of names shared/commands/execute.ts no longer passes on
// (STORE_UNAVAILABLE, markDelivered, Outcome, Decision, CommandResultKind: from
// shared/operations/execute.ts), are left for the type checker to point at.
import console from "node:console";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const ROOT = join(import.meta.dirname, "..");
/** Old path → new path. */
const MOVED = new Map([
  ["bot/actor.ts", "bot/rooms/actor.ts"],
  ["bot/binding-rule.ts", "bot/inbound/binding-rule.ts"],
  ["bot/bridge-info.ts", "bot/bridges/bridge-info.ts"],
  ["bot/bridged-users.ts", "bot/bridges/bridged-users.ts"],
  ["bot/crypto/sync-parts.ts", "bot/matrix/sync-parts.ts"],
  ["bot/direct-prepare.ts", "bot/delivery/direct-prepare.ts"],
  ["bot/direct-room-states.ts", "bot/delivery/direct-room-states.ts"],
  ["bot/direct-rooms.ts", "bot/delivery/direct-rooms.ts"],
  ["bot/dispatch.ts", "bot/inbound/dispatch.ts"],
  ["bot/early-direct.ts", "bot/inbound/early-direct.ts"],
  ["bot/encrypted-rooms.ts", "bot/inbound/encrypted-rooms.ts"],
  ["bot/first-sync.ts", "bot/sync/first-sync.ts"],
  ["bot/handle-message.ts", "bot/inbound/handle-message.ts"],
  ["bot/instance-lock.ts", "bot/sync/instance-lock.ts"],
  ["bot/invites.ts", "bot/inbound/invites.ts"],
  ["bot/join-waiters.ts", "bot/delivery/join-waiters.ts"],
  ["bot/log.ts", "bot/matrix/log.ts"],
  ["bot/matrix-errors.ts", "bot/matrix/matrix-errors.ts"],
  ["bot/matrix-events.ts", "bot/matrix/matrix-events.ts"],
  ["bot/notify.ts", "bot/delivery/notify.ts"],
  ["bot/outbox.ts", "bot/delivery/outbox.ts"],
  ["bot/pacing.ts", "bot/sync/pacing.ts"],
  ["bot/queue.ts", "bot/matrix/queue.ts"],
  ["bot/rate-limit.ts", "bot/sync/rate-limit.ts"],
  ["bot/reminders.ts", "bot/delivery/reminders.ts"],
  ["bot/replies.ts", "bot/delivery/replies.ts"],
  ["bot/reply-relation.ts", "bot/delivery/reply-relation.ts"],
  ["bot/room-binding.ts", "bot/inbound/room-binding.ts"],
  ["bot/room-snapshots.ts", "bot/bridges/room-snapshots.ts"],
  ["bot/room-state-store.ts", "bot/rooms/room-state-store.ts"],
  ["bot/room-state.ts", "bot/rooms/room-state.ts"],
  ["bot/routing.ts", "bot/inbound/routing.ts"],
  ["bot/send.ts", "bot/delivery/send.ts"],
  ["bot/storage.ts", "bot/sync/storage.ts"],
  ["bot/sync-client.ts", "bot/sync/sync-client.ts"],
  ["bot/sync-heartbeat.ts", "bot/sync/sync-heartbeat.ts"],
  ["bot/track-topic.ts", "bot/delivery/track-topic.ts"],
  ["bot/whoami.ts", "bot/sync/whoami.ts"],
  ["bot/widget.ts", "bot/delivery/widget.ts"],
  ["server/allowed-methods.ts", "server/http/allowed-methods.ts"],
  ["server/auth/widget-api.ts", "server/routes/widget-api.ts"],
  ["server/change-feed.ts", "server/live/change-feed.ts"],
  ["server/change-notes.ts", "server/live/change-notes.ts"],
  ["server/cors.ts", "server/http/cors.ts"],
  ["server/error-page.ts", "server/http/error-page.ts"],
  ["server/errors.ts", "server/http/errors.ts"],
  ["server/etag.ts", "server/http/etag.ts"],
  ["server/options.ts", "server/http/options.ts"],
  ["server/ptgbot-document.ts", "server/live/ptgbot-document.ts"],
  ["server/rate-limit.ts", "server/http/rate-limit.ts"],
  ["server/security-headers.ts", "server/http/security-headers.ts"],
  ["server/snapshot.ts", "server/live/snapshot.ts"],
  ["server/sse-frames.ts", "server/live/sse-frames.ts"],
  ["server/state-patch.ts", "server/live/state-patch.ts"],
  ["server/stream-hub.ts", "server/live/stream-hub.ts"],
  ["server/validation-message.ts", "server/http/validation-message.ts"],
  ["shared/api/health.ts", "server/schemas/health.ts"],
  ["shared/api/params.ts", "server/schemas/params.ts"],
  ["shared/api/stream-request.ts", "server/schemas/stream-request.ts"],
  ["shared/auth/openid-once.ts", "server/auth/openid-once.ts"],
  ["shared/auth/sessions.ts", "server/auth/sessions.ts"],
  ["shared/auth/widget-authorization.ts", "server/auth/widget-authorization.ts"],
  ["shared/commands/notify.ts", "shared/domain/patterns.ts"],
  ["shared/commands/types.ts", "shared/operations/context.ts"],
  ["shared/matrix/discovery.ts", "server/matrix/discovery.ts"],
  ["shared/matrix/fetch.ts", "server/matrix/fetch.ts"],
  ["shared/matrix/openid.ts", "server/matrix/openid.ts"],
  ["shared/operations/destination.ts", "shared/domain/destination.ts"],
  ["shared/ptgbot/import-event.ts", "shared/schedule/ptgbot-import-event.ts"],
  ["shared/ptgbot/import-summary.ts", "shared/schedule/ptgbot-import-summary.ts"],
  ["shared/ptgbot/import.ts", "shared/schedule/ptgbot-import.ts"],
  ["shared/schedule/event-schedule.ts", "server/calendar/event-schedule.ts"],
  ["shared/schedule/poller.ts", "bin/schedule-poller.ts"],
  ["shared/schedule/talk-model.ts", "shared/domain/talk-model.ts"],
  ["widget/src/css-colors.ts", "shared/domain/css-colors.ts"],
]);
const WAS = new Map([...MOVED].map(([from, to]) => [to, from]));
const ROOTS = [
  "bin",
  "bot",
  "console",
  "server",
  "shared",
  "migrations",
  "test",
  "bench",
  "widget",
];

const files = [];
const walk = (dir) => {
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (["node_modules", "dist"].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.(ts|tsx|mts|mjs)$/.test(entry.name)) files.push(path);
  }
};
for (const dir of ROOTS) if (existsSync(join(ROOT, dir))) walk(dir);

const isFile = (path) => existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isFile();
/** The source file a specifier names from `dir`, as written (`.js` for `.ts`), or null. */
const target = (dir, spec) => {
  const base = join(dir, spec);
  for (const candidate of [base.replace(/\.js$/, ".ts"), base.replace(/\.js$/, ".tsx"), base]) {
    if (isFile(candidate) || MOVED.has(candidate)) return candidate;
  }
  return null;
};

let unplaced = 0;
for (const file of files) {
  const text = readFileSync(join(ROOT, file), "utf8");
  const edits = [];
  for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
    const spec = ref.fileName;
    if (!spec.startsWith(".") || /\.(?!js$|ts$|tsx$|mjs$)[a-z]+$/.test(spec)) continue;
    if (target(dirname(file), spec) !== null && isFile(target(dirname(file), spec))) continue;
    // Written against the old layout: from where the file was, to where the target is now.
    const meant = target(dirname(WAS.get(file) ?? file), spec);
    const now = meant === null ? null : (MOVED.get(meant) ?? meant);
    if (now === null || !isFile(now)) {
      console.log(`? ${file}: ${spec}`);
      unplaced++;
      continue;
    }
    let next = relative(dirname(file), now).replace(/\.tsx?$/, ".js");
    if (!next.startsWith(".")) next = `./${next}`;
    edits.push({ start: ref.pos + 1, end: ref.end + 1, next });
    console.log(`${file}: ${spec} -> ${next}`);
  }
  if (edits.length === 0) continue;
  let out = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.next + out.slice(edit.end);
  }
  writeFileSync(join(ROOT, file), out);
}
if (unplaced > 0) console.log(`${String(unplaced)} import(s) left to fix by hand`);
