// The "message of the day" banners, coloured by level.
import { BANNER_LEVELS, type Banner, type TrackState } from "../../../shared/api/event-state.js";
import { Topic } from "./Topic.js";

interface Props {
  banners: readonly Banner[];
  tracks: ReadonlyMap<string, TrackState>;
}

export function Banners({ banners, tracks }: Props) {
  if (banners.length === 0) return null;
  return (
    <div class="banners">
      {banners.map((banner, i) => {
        const level = BANNER_LEVELS.includes(banner.level) ? banner.level : "info";
        return (
          <p key={i} class={`banner banner-${level}`}>
            <Topic text={banner.message} tracks={tracks} />
          </p>
        );
      })}
    </div>
  );
}
