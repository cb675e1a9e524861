// Background task runs waiting for a task worker (Prefect's server/task_queue.py): a task run scheduled with
// `state_details.deferred` is queued under its task key, in memory, and handed to one subscriber of
// `/api/task_runs/subscriptions/scheduled` at a time; a run whose delivery failed goes back to the retry queue.
import type { TaskRun } from "../schemas/index.js";
import type { Store } from "./store/store.js";

/** Prefect's default `PREFECT_TASK_SCHEDULING_MAX_SCHEDULED_QUEUE_SIZE` and `..._MAX_RETRY_QUEUE_SIZE`. */
export const SCHEDULED_QUEUE_SIZE = 1000;
export const RETRY_QUEUE_SIZE = 100;

/** One connected task worker: the keys it serves, and how to give it a run (it calls `done` once acknowledged). */
export interface TaskSubscriber {
  readonly keys: ReadonlySet<string>;
  deliver(run: TaskRun): void;
}

interface KeyQueue {
  scheduled: TaskRun[];
  retry: TaskRun[];
}

/** The queues of one server, per task key, and the subscribers waiting on them. */
export class TaskQueues {
  readonly #queues = new Map<string, KeyQueue>();
  /** Subscribers ready for a run, in the order they became ready (fair hand-out). */
  readonly #idle: TaskSubscriber[] = [];

  #queue(key: string): KeyQueue {
    let queue = this.#queues.get(key);
    if (queue === undefined) this.#queues.set(key, (queue = { scheduled: [], retry: [] }));
    return queue;
  }

  /** Queues a newly scheduled background run; beyond the queue size the run stays Scheduled in the database only. */
  enqueue(run: TaskRun): void {
    const queue = this.#queue(run.task_key);
    if (queue.scheduled.length < SCHEDULED_QUEUE_SIZE) queue.scheduled.push(run);
    this.#pump();
  }

  /** Queues a run again ahead of the scheduled ones (a retry, or a delivery that was not acknowledged). */
  retry(run: TaskRun): void {
    const queue = this.#queue(run.task_key);
    if (queue.retry.length < RETRY_QUEUE_SIZE) queue.retry.push(run);
    this.#pump();
  }

  /** Marks `subscriber` ready for its next run (on subscribe and after each acknowledgement). */
  ready(subscriber: TaskSubscriber): void {
    if (!this.#idle.includes(subscriber)) this.#idle.push(subscriber);
    this.#pump();
  }

  /** Forgets a subscriber that went away. */
  remove(subscriber: TaskSubscriber): void {
    const at = this.#idle.indexOf(subscriber);
    if (at >= 0) this.#idle.splice(at, 1);
  }

  /** How many runs wait under `key` (scheduled and retry). */
  size(key: string): number {
    const queue = this.#queues.get(key);
    return queue === undefined ? 0 : queue.scheduled.length + queue.retry.length;
  }

  #take(keys: ReadonlySet<string>): TaskRun | undefined {
    for (const key of keys) {
      const queue = this.#queues.get(key);
      const run = queue?.retry.shift() ?? queue?.scheduled.shift();
      if (run !== undefined) return run;
    }
    return undefined;
  }

  #pump(): void {
    for (let i = 0; i < this.#idle.length;) {
      const subscriber = this.#idle[i]!;
      const run = this.#take(subscriber.keys);
      if (run === undefined) {
        i++;
        continue;
      }
      this.#idle.splice(i, 1);
      subscriber.deliver(run);
    }
  }
}

const queues = new WeakMap<Store, TaskQueues>();

/** The task queues of a store's server: the task-run routes enqueue, the subscription websocket delivers. */
export function taskQueuesOf(store: Store): TaskQueues {
  let found = queues.get(store);
  if (found === undefined) queues.set(store, (found = new TaskQueues()));
  return found;
}
