// Whether the CLI may ask questions: Prefect's rule (`--prompt/--no-prompt` before the command, then
// PREFECT_CLI_PROMPT, else only with a terminal on both stdin and stdout). The prompts themselves are @clack/prompts';
// a destructive command's [y/N] question is confirm.ts's.
import { confirmOnTerminal } from "./confirm.js";
import type { CliContext } from "./context.js";

/** True when this invocation may prompt; `--no-prompt` on a command (`deploy --no-prompt`) is passed as `local`. */
export async function mayPrompt(
  context: CliContext,
  local?: boolean,
  stdin: { isTTY?: boolean } = process.stdin,
): Promise<boolean> {
  if (local === false || context.options.prompt === false) return false;
  if (context.options.prompt === true) return true;
  const setting = (await context.settings()).PREFECT_CLI_PROMPT;
  if (setting === false) return false;
  if (setting === true) return true;
  return stdin.isTTY === true && context.terminal.stdoutIsTTY;
}

/**
 * Asks `question` ([y/N], default no) before a destructive command when this invocation may prompt; yes without
 * asking under `--no-prompt`, `PREFECT_CLI_PROMPT=false` or without a terminal, as Prefect's
 * `if is_interactive() and not typer.confirm(...)` does.
 */
export async function confirmIfInteractive(
  context: CliContext,
  question: string,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<boolean> {
  if (!(await mayPrompt(context, undefined, stdin))) return true;
  return confirmOnTerminal(question, stdin, context.io.stdout);
}
