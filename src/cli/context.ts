// What every command receives: the global options, settings resolved once, a client made on demand, printing.
// Kept free of heavy imports (client, server, tables) so `prefect-ts --help` stays fast; those load lazily.
import type { PrefectClient } from "../client/index.js";
import type { ResolvedSettings, Settings } from "../settings/index.js";

/** Global options, given before the command (`prefect-ts --profile dev config view`). */
export interface GlobalOptions {
  profile?: string;
  debug?: boolean;
}

/** The per-invocation context handed to each command module. */
export interface CliContext {
  readonly options: GlobalOptions;
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
}

/** Builds the context; resolution happens lazily so `config unset` can repair a profile that fails to resolve. */
export function createCliContext(options: GlobalOptions): CliContext {
  let resolved: Promise<ResolvedSettings> | undefined;
  let client: PrefectClient | undefined;
  const context: CliContext = {
    options,
    resolved() {
      resolved ??= import("../settings/index.js").then(({ resolveSettingsWithSources }) =>
        resolveSettingsWithSources(options.profile === undefined ? {} : { profile: options.profile }),
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
      process.stdout.write(line + "\n");
    },
    err(line = "") {
      process.stderr.write(line + "\n");
    },
  };
  return context;
}
