// How a failed command reads: the error's message on stderr (red in a terminal), one line for our errors, and the
// stack only with --debug. main.ts calls it for every command; exit codes stay main.ts's.
import type { CliContext } from "./context.js";
import { PrefectError } from "../errors.js";

/** The text printed for a failed command: a PrefectError's message; other errors with their name and a --debug hint. */
export function describeError(error: unknown, debug: boolean): string {
  if (debug) return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  if (error instanceof PrefectError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message} (run with --debug for the stack)`;
  return String(error);
}

/** Prints a failed command's error to stderr (see {@link describeError}). */
export function reportError(context: CliContext, error: unknown): void {
  context.err(context.errStyle.red(describeError(error, context.options.debug === true)));
}
