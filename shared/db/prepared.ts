// The hottest statements (a command's announcement and its record) run as named prepared
// statements: PostgreSQL parses and plans them once per connection instead of at every command.
// A statement opts in with PREPARED_MARK in its text. Only statements whose result columns are
// named opt in: a prepared `select *` fails ("cached plan must not change result type") once a
// migration adds a column. PGlite runs in process and is left as it is.
import { createHash } from "node:crypto";
import type pg from "pg";

export const PREPARED_MARK = "/* ptg:prepared */";

const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `ptg_${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
    // Statements differ by their shape, not their values: a handful, unless something
    // interpolates values into the text; then forget and start again.
    if (names.size >= 256) names.clear();
    names.set(text, name);
  }
  return name;
}

/** Makes `client` run statements carrying PREPARED_MARK as named prepared statements. */
export function prepareMarkedStatements(client: pg.ClientBase): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const marked = (...args: unknown[]): unknown => {
    const [text, values] = args;
    if (typeof text === "string" && args.length === 2 && text.includes(PREPARED_MARK)) {
      return query({ name: nameOf(text), text, values });
    }
    return query(...args);
  };
  Object.assign(client, { query: marked });
}
