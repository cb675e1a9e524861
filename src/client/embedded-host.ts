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
  /** Calls `listener` for each event matching `filter` committed by this process's server; returns the unsubscribe. */
  subscribeEvents(filter: EventFilterInput, listener: (event: ReceivedEvent) => void): () => void;
}
