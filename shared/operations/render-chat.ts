// The chat reply to an operation's result: the words its kind declares (kinds/*.ts). Empty when
// the command succeeds silently.
import { declarationOf } from "./registry.js";
import type { OperationResult } from "./result.js";

export function renderChat(result: OperationResult): string {
  return declarationOf(result).render(result);
}
