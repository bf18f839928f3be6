// The levels of a banner, in their order of weight. Browser-safe and dependency-free: the widget
// imports it as a value, so it lives apart from the contract's schemas (event-state.ts).
export const BANNER_LEVELS = ["info", "success", "warning", "danger"] as const;
export type BannerLevel = (typeof BANNER_LEVELS)[number];
