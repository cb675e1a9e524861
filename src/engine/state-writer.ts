// The background writer of task runs, as Prefect 3 records them: each locally decided state becomes a
// `prefect.task-run.<State>` event; events are batched into POST /events (one request per batch, batches sent one
// after another so a run's events stay in order). Flushed before a flow run's final state and at exit. An API
// without POST /events (404) switches the client, for good, to one request per change (task-run-requests.ts).
import type { EventInput, PrefectClient, State } from "../client/index.js";
import { ObjectNotFoundError } from "../errors.js";
import { registerExitFlush, unregisterExitFlush } from "./exit-flush.js";
import type { LocalTaskRun } from "./local-task-run.js";
import { toStateInput } from "./states.js";
import { estimatedEventBytes, taskRunStateEvent, type RelatedLabels } from "./task-run-events.js";
import { TaskRunRequestWriter } from "./task-run-requests.js";

type WriterClient = Pick<PrefectClient, "createEvents" | "createTaskRun" | "setTaskRunState">;

/** A queued change: its event, and what the request path needs to send it as one request instead. */
interface Queued {
  readonly event: EventInput;
  readonly bytes: number;
  readonly run: LocalTaskRun;
  readonly state: State;
  /** The run's first state, which creates it. */
  readonly first: boolean;
}

/** Clients whose API answered 404 to POST /events: they use the request path from then on. */
const withoutEvents = new WeakSet<object>();

/** Options of a {@link StateWriter}. */
export interface StateWriterOptions {
  /** Related resources of every event (the flow run, its flow, tags): see `relatedResources`. */
  related?: readonly RelatedLabels[];
  /** Events per POST /events at most. @default 500 */
  maxBatchEvents?: number;
  /** Estimated bytes per POST /events at most (the server refuses bodies over 5 MiB). @default 2 MiB */
  maxBatchBytes?: number;
  /** How long a first queued event waits for others before its batch is sent. @default 5 */
  intervalMs?: number;
  /** Requests in flight at once on the request path. @default 16 */
  concurrency?: number;
  /** Called when a write fails (`what` names it); the writer carries on. */
  onError?: (error: unknown, what: string) => void;
}

/** Records task runs and their states in the background, in order per run. */
export class StateWriter {
  private queue: Queued[] = [];
  private queuedBytes = 0;
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private requests: TaskRunRequestWriter | null = null;
  private readonly related: RelatedLabels[];
  private readonly maxEvents: number;
  private readonly maxBytes: number;
  private readonly intervalMs: number;
  private failedBatches = 0;

  constructor(
    private readonly client: WriterClient,
    private readonly options: StateWriterOptions = {},
  ) {
    this.related = [...(options.related ?? [])];
    this.maxEvents = options.maxBatchEvents ?? 500;
    this.maxBytes = options.maxBatchBytes ?? 2 * 1024 * 1024;
    this.intervalMs = options.intervalMs ?? 5;
    if (withoutEvents.has(client)) this.useRequests();
    registerExitFlush(this);
  }

  /** Writes that failed so far (batches of events, or single requests on the request path). */
  get failures(): number {
    return this.failedBatches + (this.requests?.failures ?? 0);
  }

  /** Moves `run` to `state` locally and queues the change (the first state of a run creates it). */
  record(run: LocalTaskRun, state: State): void {
    const first = run.state === null;
    const transition = run.transition(state);
    if (this.requests) {
      this.sendRequest(run, state, first);
      return;
    }
    const event = taskRunStateEvent(run.id, run.options.name, transition, this.related, run.lastEventId);
    run.lastEventId = state.id;
    const bytes = estimatedEventBytes(transition);
    this.queue.push({ event, bytes, run, state, first });
    this.queuedBytes += bytes;
    this.schedule();
  }

  /** True when nothing is queued or in flight. */
  get idle(): boolean {
    return this.queue.length === 0 && this.inFlight === null && (this.requests?.idle ?? true);
  }

  /** Resolves once everything queued so far (and since) has been written. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.inFlight) await this.inFlight;
      else if (this.queue.length > 0) this.sendBatch();
      else break;
    }
    if (this.requests) await this.requests.flush();
  }

  /** Flushes, then stops being flushed at process exit (the flow run is over). */
  async close(): Promise<void> {
    await this.flush();
    unregisterExitFlush(this);
  }

  private schedule(): void {
    if (this.inFlight) return;
    if (this.queue.length >= this.maxEvents || this.queuedBytes >= this.maxBytes) {
      this.sendBatch();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.inFlight && this.queue.length > 0) this.sendBatch();
    }, this.intervalMs);
    this.timer.unref();
  }

  private takeBatch(): Queued[] {
    let count = 0;
    let bytes = 0;
    while (count < this.queue.length && count < this.maxEvents) {
      const next = this.queue[count]!.bytes;
      if (count > 0 && bytes + next > this.maxBytes) break;
      bytes += next;
      count++;
    }
    const batch = this.queue.slice(0, count);
    this.queue = this.queue.slice(count);
    this.queuedBytes -= bytes;
    return batch;
  }

  private sendBatch(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.takeBatch();
    this.inFlight = this.client.createEvents(batch.map((q) => q.event)).then(
      () => this.sent(),
      (error: unknown) => {
        if (error instanceof ObjectNotFoundError) {
          // No POST /events on this API: replay everything, in order, one request per change.
          withoutEvents.add(this.client);
          const pending = [...batch, ...this.queue];
          this.queue = [];
          this.queuedBytes = 0;
          this.useRequests();
          for (const q of pending) this.sendRequest(q.run, q.state, q.first);
        } else {
          this.failedBatches++;
          this.options.onError?.(error, `${batch.length} task run state change(s)`);
        }
        this.sent();
      },
    );
  }

  private sent(): void {
    this.inFlight = null;
    // Events queued meanwhile wait for a full batch or the interval (a flush sends them at once): an in-process
    // server answers within microtasks, and sending right away would make many tiny batches beside a busy loop.
    if (this.queue.length > 0) this.schedule();
  }

  private useRequests(): void {
    this.requests ??= new TaskRunRequestWriter(this.client, {
      ...(this.options.concurrency !== undefined ? { concurrency: this.options.concurrency } : {}),
      onError: (error, taskRunId, op) =>
        this.options.onError?.(error, op === "create" ? `task run ${taskRunId}` : `a state of task run ${taskRunId}`),
    });
  }

  private sendRequest(run: LocalTaskRun, state: State, first: boolean): void {
    const input = toStateInput(state);
    if (first) this.requests!.createTaskRun({ ...run.options, state: input });
    else this.requests!.setTaskRunState(run.id, input);
  }
}
