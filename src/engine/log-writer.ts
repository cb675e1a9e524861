// Batches run logs to `client.createLogs` (POST /logs/): by interval and by size, flushed at run end and before
// the process exits. Formatting and levels live in logger.ts.
import type { PrefectClient } from "../client/index.js";
import { registerExitFlush } from "./exit-flush.js";

/** One log record on its way to the API. */
export interface LogRecord {
  name: string;
  level: number;
  message: string;
  timestamp: Date;
  flowRunId: string | null;
  taskRunId: string | null;
}

/** Options of a {@link LogWriter}. */
export interface LogWriterOptions {
  /** Milliseconds between sends. @default 2000 */
  intervalMs?: number;
  /** Bytes (approximate) that trigger a send before the interval. @default 4_000_000 */
  maxBatchBytes?: number;
  /** Called when a batch cannot be sent; the batch is dropped. */
  onError?: (error: unknown, count: number) => void;
}

/** A queue of logs sent in batches to one client; never throws to the caller. */
export class LogWriter {
  private pending: LogRecord[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Sends under way, each with the flow runs whose logs it carries. */
  private inFlight = new Map<Promise<void>, ReadonlySet<string | null>>();
  private readonly intervalMs: number;
  private readonly maxBatchBytes: number;

  constructor(
    private readonly client: Pick<PrefectClient, "createLogs">,
    private readonly options: LogWriterOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 2000;
    this.maxBatchBytes = options.maxBatchBytes ?? 4_000_000;
    registerExitFlush(this);
  }

  /** Number of logs waiting to be sent. */
  get size(): number {
    return this.pending.length;
  }

  /** Queues a log; sends now if the batch is full, else within the interval. */
  push(record: LogRecord): void {
    this.pending.push(record);
    this.pendingBytes += record.message.length + 100;
    if (this.pendingBytes >= this.maxBatchBytes) {
      this.send();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.send();
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  private send(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const p = this.client
      .createLogs(batch)
      .catch((error: unknown) => this.options.onError?.(error, batch.length))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.set(p, new Set(batch.map((r) => r.flowRunId)));
  }

  /** Sends everything queued and waits for every send in flight. */
  async flush(): Promise<void> {
    this.send();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.keys()]);
  }

  /**
   * Stores the logs of one flow run (and of its task runs) queued so far: sends the queue if it holds any of them
   * and waits for the sends that carry them. The engine calls it before proposing the run's final state. Returns
   * at once when none of the run's logs are waiting, so a run that logged nothing to the API costs no request.
   */
  async flushRun(flowRunId: string): Promise<void> {
    if (this.pending.some((r) => r.flowRunId === flowRunId)) this.send();
    const carrying = [...this.inFlight].filter(([, runs]) => runs.has(flowRunId)).map(([p]) => p);
    if (carrying.length > 0) await Promise.all(carrying);
  }

  /** True when nothing is queued or in flight. */
  get idle(): boolean {
    return this.pending.length === 0 && this.inFlight.size === 0;
  }
}

const writers = new WeakMap<object, LogWriter>();

/** The shared log writer of a client (one per client per process). */
export function logWriterFor(client: Pick<PrefectClient, "createLogs">, options?: LogWriterOptions): LogWriter {
  let writer = writers.get(client);
  if (!writer) {
    writer = new LogWriter(client, options);
    writers.set(client, writer);
  }
  return writer;
}
