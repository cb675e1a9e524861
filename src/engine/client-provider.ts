// Where the engine gets its PrefectClient, Settings and Clock: a scoped override (`withClient`, AsyncLocalStorage) or
// the process default the edge wires in (`setDefaultClientProvider(getClient)` in src/index.ts; the system clock).
// The engine never imports connect.ts.
import { AsyncLocalStorage } from "node:async_hooks";
import type { PrefectClient } from "../client/index.js";
import { ConfigError } from "../errors.js";
import { resolveSettings, type Settings } from "../settings/index.js";
import { systemClock, type Clock } from "./clock.js";

interface EngineScope {
  readonly client?: PrefectClient;
  readonly settings?: Settings;
  readonly clock?: Clock;
}

const scope = new AsyncLocalStorage<EngineScope>();
/** What a default provider returns: the client (or a promise of it). */
export type ClientProvider = () => PrefectClient | Promise<PrefectClient>;

let defaultProvider: ClientProvider | undefined;
let defaultClient: Promise<PrefectClient> | undefined;
let defaultSettings: Settings | undefined;

/**
 * Sets the function the engine calls for a client when no `withClient` scope is active (src/index.ts wires
 * connect.ts's `getClient`, whose client loads its code on its first request). It is called once, on the first flow
 * call; the client is reused after that.
 */
export function setDefaultClientProvider(provider: ClientProvider | undefined): void {
  defaultProvider = provider;
  defaultClient = undefined;
}

/**
 * Runs `fn` with every flow and task call inside it talking to `client` (and optionally reading `settings`, and
 * waiting out retry delays on `clock`: a test's `ManualClock` from `prefect-ts/testing`).
 * @example await withClient(new PrefectClient({ apiUrl }), () => myFlow())
 */
export function withClient<T>(client: PrefectClient, fn: () => T, options?: { settings?: Settings; clock?: Clock }): T {
  const parent = scope.getStore();
  return scope.run(
    { ...parent, client, settings: options?.settings ?? parent?.settings, clock: options?.clock ?? parent?.clock },
    fn,
  );
}

/** The clock for the current scope: the one given to `withClient`, else the system clock. */
export function currentClock(): Clock {
  return scope.getStore()?.clock ?? systemClock;
}

/** Runs `fn` with the engine reading `settings` instead of the process settings. */
export function withSettings<T>(settings: Settings, fn: () => T): T {
  return scope.run({ ...scope.getStore(), settings }, fn);
}

/**
 * The client for the current scope (the default one is made on first use; a failed attempt is not cached).
 * @throws ConfigError when no scope is active and no default provider is set
 */
export async function currentClient(): Promise<PrefectClient> {
  const scoped = scope.getStore()?.client;
  if (scoped) return scoped;
  if (defaultProvider) {
    // One client per process: flow ids and log batches are cached per client.
    if (!defaultClient) {
      const pending = Promise.resolve().then(defaultProvider);
      defaultClient = pending;
      pending.catch(() => {
        if (defaultClient === pending) defaultClient = undefined;
      });
    }
    return defaultClient;
  }
  throw new ConfigError(
    'No Prefect client is configured for flow runs: import flows from "prefect-ts" (which wires the default client) or wrap the call in withClient(client, fn)',
    "client",
  );
}

/** The settings for the current scope: `withClient`/`withSettings` ones, else the process settings (resolved once). */
export function currentSettings(): Settings {
  const scoped = scope.getStore()?.settings;
  if (scoped) return scoped;
  defaultSettings ??= resolveSettings();
  return defaultSettings;
}

/** Forgets the cached process settings (tests that change the environment). */
export function resetDefaultSettings(): void {
  defaultSettings = undefined;
}
