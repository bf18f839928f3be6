// A command's arguments: its words, and its text as typed (trimmed). Pure.
export function toArgs(rest: string): { words: string[]; text: string } {
  const text = rest.trim();
  return { words: text === "" ? [] : text.split(/\s+/), text };
}
