// What an operation did, as data: each adapter says it in its own words (chat: each kind's
// `render`). Each kind declares its result in its module under kinds/. Types only.
import type { OperationResult } from "./registry.js";

export type { OperationResult };

export type ResultOf<K extends OperationResult["kind"]> = Extract<OperationResult, { kind: K }>;
