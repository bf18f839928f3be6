// The command line's own failures, as ptg.ts prints them.

/** A command or option the command line does not know: printed with the usage. */
export class UsageError extends Error {}

/** A failure whose message says it all, in one line (after `prefix`). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly prefix = "Error: ",
  ) {
    super(message);
  }
}
