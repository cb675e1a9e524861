// A command in a real pseudo-terminal (util-linux `script`), typed at as a user types: wait for text on the
// screen, send keys. For interactive CLI tests (the deploy wizard, init's questions).
import { spawn } from "node:child_process";
import { quote } from "shlex";
import { waitFor } from "../../src/testing/index.js";

/** Keys as a terminal sends them. */
export const KEYS = { enter: "\r", down: "\u001b[B", up: "\u001b[A", ctrlC: "\u0003" } as const;

/** A running terminal session. */
export interface PtySession {
  /** Everything shown so far, without colours and cursor moves. */
  screen(): string;
  /** Resolves once `text` is on the screen after `since` (an offset into screen()). */
  waitFor(text: string | RegExp, options?: { timeoutMs?: number; since?: number }): Promise<number>;
  /** Types `keys`. */
  send(keys: string): void;
  /** The exit code, once the command ends. */
  readonly exited: Promise<number | null>;
  kill(): void;
}

// CSI sequences (colours, cursor moves, erase) and OSC titles, which prompts draw with.
// eslint-disable-next-line no-control-regex -- escape and bell characters are what this pattern is for
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-B]/g;

/** Starts `argv` in a pseudo-terminal of 120 columns in `cwd`. */
export function startPty(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): PtySession {
  const command = `stty cols 120 rows 40 2>/dev/null; exec ${argv.map((a) => quote(a)).join(" ")}`;
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: options.cwd,
    env: { ...options.env, TERM: "xterm-256color" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let raw = "";
  child.stdout.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  const screen = (): string => raw.replace(ANSI, "").replace(/\r/g, "");
  return {
    screen,
    async waitFor(text, { timeoutMs = 60_000, since = 0 } = {}) {
      const shownAt = (): number => {
        const shown = screen().slice(since);
        return typeof text === "string" ? shown.indexOf(text) : shown.search(text);
      };
      // -1 once the command has ended without showing it: no point waiting out the timeout.
      const found = await waitFor(() => (shownAt() >= 0 ? since + shownAt() : done ? -1 : undefined), {
        timeoutMs,
        intervalMs: 25,
      }).catch(() => undefined);
      if (found === undefined || found < 0) {
        throw new Error(
          `${found === undefined ? "Timed out" : "The command ended"} before showing ${String(text)}. Screen:\n${screen().slice(-3000)}`,
        );
      }
      return found;
    },
    send(keys) {
      child.stdin.write(keys);
    },
    exited,
    kill() {
      child.kill("SIGKILL");
    },
  };
}
