// The CSS named colours, defined once in shared/domain/css-colors.ts (browser-safe, no imports).
export { NAMED_COLORS } from "../../shared/domain/css-colors.js";
