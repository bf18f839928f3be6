// Writing iCalendar (RFC 5545): TEXT escaping, UTC date-times, and line folding at 75 octets.

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  ";": "\\;",
  ",": "\\,",
  "\n": "\\n",
  "\t": "\t",
};

/** Escapes a TEXT value: backslash, semicolon, comma and newlines; drops other control characters. */
export function escapeText(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(/[\\;,]|\p{Cc}/gu, (c) => TEXT_ESCAPES[c] ?? "");
}

/** A URI value carries no escapes, but must stay on its line: control characters are removed. */
export function cleanUri(value: string): string {
  return value.replace(/\p{Cc}/gu, "");
}

/** `20240408T091500Z` */
export function utcDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

const MAX_OCTETS = 75;

/** Folds a content line: no line longer than 75 octets, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line) <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = MAX_OCTETS - 1; // continuation lines start with a space
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

/** One property: NAME:value, where the value is already escaped for its type. */
export type Property = readonly [name: string, value: string];

/** Lines joined with CRLF, each folded, ending with CRLF. */
export function serialize(lines: readonly Property[]): string {
  return lines.map(([name, value]) => foldLine(`${name}:${value}`) + "\r\n").join("");
}
