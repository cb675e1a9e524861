// The request path of the background writer, for APIs without POST /events: creates task runs and records their
// locally decided states through POST /task_runs/ and POST /task_runs/{id}/set_state, in order per task run and
// pipelined across task runs. StateWriter (state-writer.ts) falls back to it.
import type { PrefectClient, StateInput } from "../client/index.js";

type CreateTaskRunOptions = Parameters<PrefectClient["createTaskRun"]>[0];

type Op =
  | { readonly kind: "create"; readonly options: CreateTaskRunOptions & { id: string } }
  | { readonly kind: "state"; readonly state: StateInput };

interface RunQueue {
  ops: Op[];
  busy: boolean;
}

/** Options of a {@link TaskRunRequestWriter}. */
export interface TaskRunRequestWriterOptions {
  /** Requests in flight at once, across task runs. @default 16 */
  concurrency?: number;
  /** Called when a write fails (the writer carries on with other runs). */
  onError?: (error: unknown, taskRunId: string, op: "create" | "state") => void;
}

/** Writes task runs and their states with one request each, in the background, in order per run. */
export class TaskRunRequestWriter {
  private readonly runs = new Map<string, RunQueue>();
  /** Runs whose create failed: their later states would only 404. Kept for the writer's life (one flow run). */
  private readonly broken = new Set<string>();
  /** The id the server answered with when it returned an existing run (same flow run, task key, dynamic key). */
  private readonly serverIds = new Map<string, string>();
  private readonly ready: string[] = [];
  private inFlight = 0;
  private scheduled = false;
  private waiters: (() => void)[] = [];
  private readonly concurrency: number;
  /** Writes that failed so far. */
  failures = 0;

  constructor(
    private readonly client: Pick<PrefectClient, "createTaskRun" | "setTaskRunState">,
    private readonly options: TaskRunRequestWriterOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 16;
  }

  /** Queues the creation of a task run (its `state` is its first state). */
  createTaskRun(options: CreateTaskRunOptions & { id: string }): void {
    this.enqueue(options.id, { kind: "create", options });
  }

  /** Queues a state for a task run, after everything queued for it before. */
  setTaskRunState(taskRunId: string, state: StateInput): void {
    this.enqueue(taskRunId, { kind: "state", state });
  }

  private enqueue(runId: string, op: Op): void {
    let queue = this.runs.get(runId);
    if (!queue) {
      queue = { ops: [], busy: false };
      this.runs.set(runId, queue);
    }
    queue.ops.push(op);
    if (!queue.busy && queue.ops.length === 1) this.ready.push(runId);
    this.schedule();
  }

  // Pumping from setImmediate batches many calls of a fast user loop and keeps request building off its stack.
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.ready.length > 0) {
      const runId = this.ready.shift()!;
      const queue = this.runs.get(runId);
      const op = queue?.ops.shift();
      if (!queue || !op) continue;
      queue.busy = true;
      this.inFlight++;
      void this.send(runId, op).finally(() => {
        this.inFlight--;
        queue.busy = false;
        if (queue.ops.length > 0) this.ready.push(runId);
        else this.runs.delete(runId);
        this.pump();
        if (this.idle) this.wake();
      });
    }
  }

  private async send(runId: string, op: Op): Promise<void> {
    if (this.broken.has(runId)) return;
    try {
      if (op.kind === "create") {
        const created = await this.client.createTaskRun(op.options);
        if (created && created.id !== runId) this.serverIds.set(runId, created.id);
      } else {
        await this.client.setTaskRunState(this.serverIds.get(runId) ?? runId, op.state);
      }
    } catch (error) {
      this.failures++;
      if (op.kind === "create") this.broken.add(runId);
      this.options.onError?.(error, runId, op.kind);
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** True when nothing is queued or in flight. */
  get idle(): boolean {
    return this.inFlight === 0 && this.runs.size === 0;
  }

  /** Resolves once everything queued so far (and since) has been written. */
  flush(): Promise<void> {
    if (this.idle) return Promise.resolve();
    this.pump();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
