// Group commit for the hot write routes over HTTP: a write waits for the end of the event-loop turn and commits
// together with the writes of the other requests read in that turn (one SQLite commit, each write in its own
// savepoint). In-process requests (the embedded server, no socket) write at once: there is nothing to group.
import type { Context } from "hono";
import type { WriteOutcome } from "../store/connection.js";
import type { Store } from "../store/store.js";

interface Pending {
  readonly fn: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Batches the writes of concurrent HTTP requests into shared transactions. */
export class WriteBatcher {
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(private readonly store: Store) {}

  /**
   * Runs `fn` in a write transaction and resolves to its result once committed: for a request that came
   * over a socket, at the end of this event-loop turn together with the writes queued by then; else at once.
   */
  write<T>(c: Context, fn: () => T): Promise<T> {
    if (!overSocket(c)) {
      try {
        return Promise.resolve(this.store.write(fn));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#flush);
      }
    });
  }

  readonly #flush = (): void => {
    const batch = this.#queue;
    this.#queue = [];
    this.#scheduled = false;
    let outcomes: WriteOutcome[];
    try {
      outcomes =
        batch.length === 1 ? [runOne(this.store, batch[0]!.fn)] : this.store.conn.writeEach(batch.map((p) => p.fn));
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) p.resolve(outcome.value);
      else p.reject(outcome.error);
    });
  };
}

/** Whether the request came through @hono/node-server (its bindings carry the Node request), not app.fetch. */
function overSocket(c: Context): boolean {
  const env: unknown = c.env;
  return typeof env === "object" && env !== null && "incoming" in env;
}

function runOne(store: Store, fn: () => unknown): WriteOutcome {
  try {
    return { ok: true, value: store.write(fn) };
  } catch (error) {
    return { ok: false, error };
  }
}

const batchers = new WeakMap<Store, WriteBatcher>();

/** The one batcher of a store (shared by every route module of its app). */
export function writeBatcherFor(store: Store): WriteBatcher {
  let batcher = batchers.get(store);
  if (!batcher) {
    batcher = new WriteBatcher(store);
    batchers.set(store, batcher);
  }
  return batcher;
}
