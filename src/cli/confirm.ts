// Asking a yes/no question before a destructive command, as Prefect's CLI does when it runs on a terminal
// (`typer.confirm`, default no). Without a terminal on stdin nothing is asked and the answer is yes.
import { createInterface } from "node:readline/promises";

/** Whether the user agrees to `question` (`[y/N]`); true at once when `input` (stdin) is not a terminal. */
export async function confirmOnTerminal(
  question: string,
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<boolean> {
  if (input.isTTY !== true) return true;
  const rl = createInterface({ input, output });
  try {
    const answer = await rl.question(`${question} [y/N]: `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
