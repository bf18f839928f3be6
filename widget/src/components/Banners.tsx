// The "message of the day" banners: each with its level's icon and name, coloured by level. In
// the compact view (compact.css) they show as one line that expands while pointed at or focused.
import { t } from "../i18n/messages.js";
import { BANNER_LEVELS, type BannerLevel } from "../../../shared/api/banner-levels.js";
import type { Banner, TrackState } from "../../../shared/api/event-state.js";
import { Topic } from "./Topic.js";

interface Props {
  banners: readonly Banner[];
  tracks: ReadonlyMap<string, TrackState>;
  /** Focusable, to expand them in the compact view. */
  expandable?: boolean;
}

const levelNames = (): Record<BannerLevel, string> => ({
  info: t.bannerInfo,
  success: t.bannerSuccess,
  warning: t.bannerWarning,
  danger: t.bannerDanger,
});

/** One path per level (16×16): i in a circle, a tick, a triangle with !, an octagon with !. */
const ICONS: Record<BannerLevel, string> = {
  info: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-.9 3h1.8v1.8H7.1zm0 3h1.8v5H7.1z",
  success: "M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1zm-1 10.2L3.6 7.8l1.3-1.3L7 8.6l4.1-4.1 1.3 1.3z",
  warning: "M8 1 .5 14.5h15zm-.9 4.5h1.8v5H7.1zm0 6h1.8v1.8H7.1z",
  danger: "M5 1h6l4 4v6l-4 4H5l-4-4V5zm2.1 3v5h1.8V4zm0 6.2V12h1.8v-1.8z",
};

export function BannerIcon({ level }: { level: BannerLevel }) {
  return (
    <svg class="icon banner-icon" viewBox="0 0 16 16" aria-hidden="true">
      <path d={ICONS[level]} />
    </svg>
  );
}

export function BannerItem({
  banner,
  tracks,
}: {
  banner: Banner;
  tracks: ReadonlyMap<string, TrackState>;
}) {
  const level = BANNER_LEVELS.includes(banner.level) ? banner.level : "info";
  return (
    <p class={`banner banner-${level}`}>
      <BannerIcon level={level} />
      <span class="banner-body">
        <strong class="banner-level">{levelNames()[level]}:</strong>{" "}
        <Topic text={banner.message} tracks={tracks} />
      </span>
    </p>
  );
}

export function Banners({ banners, tracks, expandable = false }: Props) {
  if (banners.length === 0) return null;
  return (
    <div class="banners" tabIndex={expandable ? 0 : undefined}>
      {banners.map((banner, i) => (
        <BannerItem key={i} banner={banner} tracks={tracks} />
      ))}
    </div>
  );
}
