// Subscription patterns, as the chat commands know them (shared/domain/patterns.ts).
export { MAX_PATTERN_LENGTH, compilePattern, patternMatches } from "../domain/patterns.js";
