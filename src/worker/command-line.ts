// Splitting a job's `command` string into argv exactly as Python's `shlex.split` does (POSIX mode), which is how
// Prefect's workers split `command`. No expansion of variables, globs or `~`: the command is not run by a shell.
import { ConfigError } from "../errors.js";

// shlex's whitespace.
const SPACE = new Set([" ", "\t", "\r", "\n"]);
// Inside double quotes shlex lets a backslash escape only these; before any other character it stays literal.
const ESCAPABLE_IN_DOUBLE_QUOTES = new Set(["\\", '"']);

/**
 * Splits a command line into its words, as `shlex.split`: spaces, tabs and newlines separate words; `'...'` keeps
 * everything literal; in `"..."` a backslash escapes only `\\` and `\"`; outside quotes a backslash makes the next
 * character literal. Adjacent quoted and bare parts form one word (`a"b c"` is `ab c`). `#` is not a comment.
 * @throws ConfigError (key `command`) on an unclosed quote or a trailing backslash.
 * @example splitCommandLine(`node -e "console.log('hi there')"`) // ["node", "-e", "console.log('hi there')"]
 */
export function splitCommandLine(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < command.length; i++) {
    const char = command[i]!;
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (quote === '"') {
      if (char === '"') {
        quote = undefined;
      } else if (char === "\\" && i + 1 < command.length && ESCAPABLE_IN_DOUBLE_QUOTES.has(command[i + 1]!)) {
        i++;
        word += command[i];
      } else {
        word += char;
      }
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === "\\") {
      if (i + 1 >= command.length) {
        throw new ConfigError(
          `job variable "command": ends with a lone backslash (${JSON.stringify(command)}). Remove it or escape it as \\\\.`,
          "command",
        );
      }
      i++;
      word += command[i];
      inWord = true;
    } else if (SPACE.has(char)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== undefined) {
    throw new ConfigError(
      `job variable "command": the ${quote === "'" ? "single" : "double"} quote is never closed (${JSON.stringify(command)}). Close it.`,
      "command",
    );
  }
  if (inWord) words.push(word);
  return words;
}
