// What every command receives: the global options, settings resolved once, a client made on demand, printing.
// Kept free of heavy imports (client, server, tables) so `prefect-ts --help` stays fast; those load lazily.
// The streams are injectable (`io`), so tests run commands in-process as a terminal or a pipe would see them.
import type { Writable } from "node:stream";
import picocolors from "picocolors";
import type { PrefectClient } from "../client/index.js";
import type { ResolvedSettings, Settings } from "../settings/index.js";
import { colorPreference, type ColorPreference } from "../settings/index.js";

/** picocolors' formatters (`bold`, `red`, ...), plain when colour is off. */
export type Colors = ReturnType<typeof picocolors.createColors>;

/** An output stream as the CLI uses it: writes, and whether (and how wide) a terminal is behind it. */
export interface CliStream extends Writable {
  isTTY?: boolean;
  columns?: number;
}

/** Where a command's output goes; defaults to the process's stdout and stderr and the environment's colour switches. */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  /** NO_COLOR / FORCE_COLOR as read by the settings layer. @default colorPreference() */
  colorPreference?: ColorPreference;
}

/** What the output streams are: decides colour, spinners and table width. */
export interface CliTerminal {
  /** stdout is a terminal (not a pipe or file). */
  readonly stdoutIsTTY: boolean;
  /** stderr is a terminal: spinners and progress lines go there. */
  readonly stderrIsTTY: boolean;
  /** Colour on stdout: a terminal unless NO_COLOR, or FORCE_COLOR even in a pipe. */
  readonly color: boolean;
  /** Colour on stderr, by the same rule. */
  readonly errColor: boolean;
  /** stdout's width in columns when it is a terminal; tables are truncated to it. */
  readonly columns: number | undefined;
}

/** Global options, given before the command (`prefect-ts --profile dev config view`). */
export interface GlobalOptions {
  profile?: string;
  debug?: boolean;
  /** `--prompt` (true) / `--no-prompt` (false); unset: PREFECT_CLI_PROMPT, else ask only on a terminal. */
  prompt?: boolean;
}

/** The per-invocation context handed to each command module. */
export interface CliContext {
  readonly options: GlobalOptions;
  /** What settings are resolved from: `--profile` and the environment (absent: process.env). */
  readonly settingsSource: { profile?: string; env?: Record<string, string | undefined> };
  /** Settings with their sources, resolved on first use and then reused for the whole invocation. */
  resolved(): Promise<ResolvedSettings>;
  /** Shorthand for `(await resolved()).settings`. */
  settings(): Promise<Settings>;
  /** The client for these settings (remote when PREFECT_API_URL is set, else the embedded server). */
  client(): Promise<PrefectClient>;
  /** Closes what `client()` opened (the embedded database); called once the command is done. */
  close(): Promise<void>;
  /** Prints a line to stdout. */
  out(line?: string): void;
  /** Prints a line to stderr. */
  err(line?: string): void;
  /** The streams behind out() and err(). */
  readonly io: CliIo;
  /** What the streams are (terminal or pipe, colour, width). */
  readonly terminal: CliTerminal;
  /** Colours for stdout (no-ops when {@link CliTerminal.color} is off). */
  readonly style: Colors;
  /** Colours for stderr. */
  readonly errStyle: Colors;
}

function wantsColor(preference: ColorPreference, stream: CliStream): boolean {
  return preference === "always" || (preference === "auto" && stream.isTTY === true);
}

/** What the context's streams are: terminal or pipe, colour, width. */
export function describeTerminal(io: CliIo): CliTerminal {
  const preference = io.colorPreference ?? colorPreference();
  const columns =
    io.stdout.isTTY === true && typeof io.stdout.columns === "number" && io.stdout.columns > 0
      ? io.stdout.columns
      : undefined;
  return {
    stdoutIsTTY: io.stdout.isTTY === true,
    stderrIsTTY: io.stderr.isTTY === true,
    color: wantsColor(preference, io.stdout),
    errColor: wantsColor(preference, io.stderr),
    columns,
  };
}

/**
 * Builds the context; resolution happens lazily so `config unset` can repair a profile that fails to resolve.
 * Settings come from `env` (@default process.env, read by the settings layer).
 */
export function createCliContext(
  options: GlobalOptions,
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
  env?: Record<string, string | undefined>,
): CliContext {
  const terminal = describeTerminal(io);
  const settingsSource = {
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(env === undefined ? {} : { env }),
  };
  let resolved: Promise<ResolvedSettings> | undefined;
  let client: PrefectClient | undefined;
  const context: CliContext = {
    options,
    settingsSource,
    resolved() {
      resolved ??= import("../settings/index.js").then(({ resolveSettingsWithSources }) =>
        resolveSettingsWithSources(settingsSource),
      );
      return resolved;
    },
    async settings() {
      return (await context.resolved()).settings;
    },
    async client() {
      if (client !== undefined) return client;
      const settings = await context.settings();
      const { getClient } = await import("../connect.js");
      client = getClient({ settings });
      return client;
    },
    async close() {
      if (client === undefined) return;
      const { closeEmbeddedServers } = await import("../connect.js");
      await closeEmbeddedServers();
    },
    out(line = "") {
      io.stdout.write(line + "\n");
    },
    err(line = "") {
      io.stderr.write(line + "\n");
    },
    io,
    terminal,
    style: picocolors.createColors(terminal.color),
    errStyle: picocolors.createColors(terminal.errColor),
  };
  return context;
}
