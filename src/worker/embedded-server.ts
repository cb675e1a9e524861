// The embedded server as a long-lived host (serve(), a worker) uses it: its background services, its API served on a
// loopback port for the host's runs, and wake-ups on other processes' commits. src/connect.ts makes these handles;
// the client never carries one (a client only sends requests).
import type { PrefectClient } from "../client/index.js";

/** Running background services; `stop()` resolves once the current pass has finished and the lease is released. */
export interface RunningServices {
  stop(): Promise<void>;
}

/** The embedded server served over HTTP on a loopback port (see {@link EmbeddedServerHandle.serveOnLoopback}). */
export interface LoopbackApi {
  /** The API URL to give as PREFECT_API_URL, e.g. `http://127.0.0.1:41234/api`. */
  readonly apiUrl: string;
  /** The random `user:password` the server requires, to give as PREFECT_API_AUTH_STRING. */
  readonly authString: string;
  /**
   * The dashboard on this port, to print for the user (`undefined` with PREFECT_UI_ENABLED=false). The auth string
   * rides in the URL's fragment, which the browser keeps to itself: the dashboard takes it for the tab.
   */
  readonly dashboardUrl: string | undefined;
  /** Stops serving (lets requests in flight finish); the embedded server itself stays open. */
  close(): Promise<void>;
}

/**
 * The embedded server of one database, for the process that hosts it. Made by `openEmbeddedServer(settings)`
 * (src/connect.ts) when no PREFECT_API_URL is set; a remote API has none.
 */
export interface EmbeddedServerHandle {
  /**
   * Starts the server's background services on the database (scheduler, late runs, health, zombies, and the runs of
   * `prefect:managed` pools). A lease row lets one process on the database run them at a time; the others stand by
   * and take over when it stops.
   */
  startServices(): Promise<RunningServices>;
  /**
   * Serves this embedded server over HTTP on a free port of 127.0.0.1, behind a random auth string, until `close()`.
   * A runner or worker gives this API to its children (processes, containers on the host network), so they report to
   * the same database without each opening it and loading the server.
   */
  serveOnLoopback(): Promise<LoopbackApi>;
  /**
   * Calls `listener` when another process (a CLI, another script) commits to the database; returns the unsubscribe.
   * This process's own writes reach its subscribers through the server's event stream (`client.subscribeEvents`).
   */
  onExternalCommit(listener: () => void): () => void;
}

/** How the edge finds the embedded server a client talks to (`undefined` for a remote API). */
export type EmbeddedServerLookup = (client: PrefectClient) => EmbeddedServerHandle | undefined;

let lookup: EmbeddedServerLookup | undefined;

/** Set by the public entry (src/index.ts) and the CLI: `serve()` uses it for a client it was not given a handle for. */
export function setEmbeddedServerLookup(next: EmbeddedServerLookup | undefined): void {
  lookup = next;
}

/** The embedded server `client` talks to, when the edge knows one; `undefined` for a remote API. */
export function embeddedServerOf(client: PrefectClient): EmbeddedServerHandle | undefined {
  return lookup?.(client);
}
