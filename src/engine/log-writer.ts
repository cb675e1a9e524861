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
  private inFlight = new Set<Promise<void>>();
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
    this.inFlight.add(p);
  }

  /** Sends everything queued and waits for every send in flight. */
  async flush(): Promise<void> {
    this.send();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
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
