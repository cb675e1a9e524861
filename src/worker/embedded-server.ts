// What a client of the embedded server (same process, no socket) can do beyond HTTP: hear this process's writes
// (so a runner wakes at once for a run triggered here) and run the server's background services on the shared database.
import type { EventFilterInput } from "../schemas/index.js";
import type { ReceivedEvent } from "./event-subscriber.js";


/**
 * A write that may give a runner work, or take it away: a request made in this process, or (`method: "COMMIT"`,
 * empty path) a commit to the shared database by another process.
 */
export interface ApiActivity {
  /** HTTP method of the request, e.g. "POST", or "COMMIT" for another process's write. */
  readonly method: string;
  /** Path below the API URL, e.g. "/deployments/<id>/create_flow_run"; empty for "COMMIT". */
  readonly path: string;
}

/** Running background services; `stop()` resolves once the current pass has finished and the lease is released. */
export interface RunningServices {
  stop(): Promise<void>;
}

/** The embedded server served over HTTP on a loopback port (see {@link EmbeddedHost.serveOnLoopback}). */
export interface LoopbackApi {
  /** The API URL to give as PREFECT_API_URL, e.g. `http://127.0.0.1:41234/api`. */
  readonly apiUrl: string;
  /** The random `user:password` the server requires, to give as PREFECT_API_AUTH_STRING. */
  readonly authString: string;
  /** Stops serving (lets requests in flight finish); the embedded server itself stays open. */
  close(): Promise<void>;
}

/** Hooks of the embedded server a long-lived host (`serve()`, a worker) uses. Remote clients have none. */
export interface EmbeddedHost {
  /**
   * Calls `listener` after each successful write to a flow run or deployment made in this process, and when another
   * process commits to the database (checked every 50 ms); returns the unsubscribe.
   */
  onActivity(listener: (activity: ApiActivity) => void): () => void;
  /**
   * Starts the scheduler and late-runs services on the embedded database (a lease row lets one process on the
   * database run them at a time; the others stand by and take over when it stops).
   */
  startServices(): Promise<RunningServices>;
  /**
   * Serves this embedded server over HTTP on a free port of 127.0.0.1, behind a random auth string, until `close()`.
   * A runner or worker gives this API to its children (processes, containers on the host network), so they report to
   * the same database without each opening it and loading the server.
   */
  serveOnLoopback(): Promise<LoopbackApi>;
  /** Calls `listener` for each event matching `filter` committed by this process's server; returns the unsubscribe. */
  subscribeEvents(filter: EventFilterInput, listener: (event: ReceivedEvent) => void): () => void;
}
