// Running CLI commands in-process: a CliContext whose stdout/stderr are captured (as a terminal or a pipe), with a
// given client and settings. Used by test/unit/cli and test/e2e/cli-*.test.ts instead of a subprocess where it can.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { PrefectClient } from "../../src/client/index.js";
import { createCliContext, type CliContext, type CliIo, type CliStream } from "../../src/cli/context.js";
import { resolveSettingsWithSources } from "../../src/settings/index.js";
import type { ColorPreference } from "../../src/settings/terminal.js";

/** A writable that keeps what it is given and says it is (or is not) a terminal of some width. */
export class CapturedStream extends Writable implements CliStream {
  text = "";
  constructor(
    public isTTY: boolean,
    public columns?: number,
  ) {
    super();
  }
  // The cursor calls of a tty.WriteStream (spinners clear their line with them); recorded as nothing.
  cursorTo(_x: number, callback?: () => void): boolean {
    callback?.();
    return true;
  }
  moveCursor(_dx: number, _dy: number, callback?: () => void): boolean {
    callback?.();
    return true;
  }
  clearLine(_dir: number, callback?: () => void): boolean {
    callback?.();
    return true;
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** How the fake terminal looks. */
export interface CapturedIoOptions {
  /** Both streams are terminals. @default false (pipes) */
  tty?: boolean;
  /** stdout's width when a terminal. */
  columns?: number;
  /** NO_COLOR / FORCE_COLOR as the settings layer would read them. @default "auto" */
  colorPreference?: ColorPreference;
}

/** Captured streams for {@link createCliContext}. */
export function capturedIo(
  options: CapturedIoOptions = {},
): CliIo & { stdout: CapturedStream; stderr: CapturedStream } {
  return {
    stdout: new CapturedStream(options.tty === true, options.columns),
    stderr: new CapturedStream(options.tty === true, options.columns),
    colorPreference: options.colorPreference ?? "auto",
  };
}

/** Options of {@link testCliContext}. */
export interface TestCliContextOptions extends CapturedIoOptions {
  client?: PrefectClient;
  /** The environment settings are resolved from (never process.env); a temp PREFECT_HOME unless it has one. */
  env?: Record<string, string | undefined>;
  debug?: boolean;
}

/** A CLI context on captured streams, with this client and settings resolved from `env` only. */
export function testCliContext(
  options: TestCliContextOptions = {},
): CliContext & { io: ReturnType<typeof capturedIo> } {
  const io = capturedIo(options);
  const base = createCliContext(options.debug === true ? { debug: true } : {}, io);
  const env = { ...options.env };
  env.PREFECT_HOME ??= mkdtempSync(join(tmpdir(), "prefect-ts-cli-ctx-"));
  const resolved = resolveSettingsWithSources({ env });
  return {
    ...base,
    settingsSource: { env },
    io,
    resolved: async () => resolved,
    settings: async () => resolved.settings,
    client: async () => {
      if (options.client === undefined) throw new Error("testCliContext: no client given");
      return options.client;
    },
    close: async () => undefined,
  };
}
