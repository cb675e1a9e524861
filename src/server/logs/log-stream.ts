// Live logs for `/api/logs/out` subscribers: a per-store fan-out of committed logs and Prefect's stream filter
// (prefect/server/logs/stream.py `log_matches_filter`: level, timestamp, flow and task run ids; no text search).
import type { Log, LogFilter } from "../../schemas/index.js";
import type { Store } from "../store/store.js";

/** Receives committed logs; must not throw (a throw is swallowed). */
export type LogListener = (log: Log) => void;

/** Fan-out of committed logs to live subscribers (no backfill: Prefect streams logs live only). */
export class LogBus {
  readonly #listeners = new Set<LogListener>();

  /** Whether anyone listens (the writer skips publishing when nobody does). */
  get hasSubscribers(): boolean {
    return this.#listeners.size > 0;
  }

  /** Calls `listener` for every log published from now on; returns the unsubscribe. */
  subscribe(listener: LogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Hands `log` to every subscriber. */
  publish(log: Log): void {
    for (const listener of this.#listeners) {
      try {
        listener(log);
      } catch {
        // one subscriber's failure never reaches the writer or the others
      }
    }
  }
}

const buses = new WeakMap<Store, LogBus>();

/** The log bus of a store: the `POST /logs/` route publishes to it, the `/logs/out` websocket listens. */
export function logBusOf(store: Store): LogBus {
  let bus = buses.get(store);
  if (bus === undefined) buses.set(store, (bus = new LogBus()));
  return bus;
}

/** Whether `log` passes `filter`, as Prefect's log stream decides (text search is not applied to live logs). */
export function logMatches(log: Log, filter: LogFilter): boolean {
  const { level, timestamp, flow_run_id: flowRun, task_run_id: taskRun } = filter;
  if (level?.ge_ != null && log.level < level.ge_) return false;
  if (level?.le_ != null && log.level > level.le_) return false;
  const at = Date.parse(log.timestamp);
  if (timestamp?.before_ != null && at > Date.parse(timestamp.before_)) return false;
  if (timestamp?.after_ != null && at < Date.parse(timestamp.after_)) return false;
  if (flowRun?.any_ != null && (log.flow_run_id === null || !flowRun.any_.includes(log.flow_run_id))) return false;
  if (taskRun?.any_ != null && (log.task_run_id === null || !taskRun.any_.includes(log.task_run_id))) return false;
  if (taskRun?.is_null_ != null && taskRun.is_null_ !== (log.task_run_id === null)) return false;
  return true;
}
