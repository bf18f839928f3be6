// A schedule row's header: the room, its meeting link, description and capabilities.
import { t } from "../i18n/messages.js";
import type { RoomState } from "../../../shared/api/event-state.js";
import { SafeLink } from "./SafeLink.js";

export function RoomHeader({ room }: { room: RoomState }) {
  const details = [room.description, room.capabilityDescription].filter(
    (d): d is string => typeof d === "string" && d.trim() !== "",
  );
  return (
    <th scope="row" class="room">
      <span class="room-name">{room.name}</span>
      {room.url ? (
        <SafeLink href={room.url} class="join" label={t.joinRoomLabel(room.name)}>
          {t.joinRoom}
        </SafeLink>
      ) : null}
      {details.length > 0 ? <span class="room-details">{details.join(" · ")}</span> : null}
    </th>
  );
}
