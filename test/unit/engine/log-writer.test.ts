import { describe, expect, it } from "vitest";
import { LogWriter, type LogRecord } from "../../../src/engine/log-writer.js";
import { formatConsoleLine, LogLevel, RunLogger } from "../../../src/engine/logger.js";

function record(message: string): LogRecord {
  return { name: "prefect.flow_runs", level: 20, message, timestamp: new Date(), flowRunId: null, taskRunId: null };
}

function fakeClient() {
  const batches: LogRecord[][] = [];
  return { batches, createLogs: async (logs: LogRecord[]) => void batches.push(logs) };
}

describe("log batching", () => {
  it("sends nothing until flushed or the interval passes, then one batch", async () => {
    const client = fakeClient();
    const writer = new LogWriter(client, { intervalMs: 60_000 });
    writer.push(record("a"));
    writer.push(record("b"));
    expect(client.batches).toHaveLength(0);
    await writer.flush();
    expect(client.batches.map((b) => b.map((r) => r.message))).toEqual([["a", "b"]]);
    expect(writer.idle).toBe(true);
  });

  it("sends early when the batch size is reached", async () => {
    const client = fakeClient();
    const writer = new LogWriter(client, { intervalMs: 60_000, maxBatchBytes: 250 });
    writer.push(record("x".repeat(100)));
    writer.push(record("y".repeat(100)));
    await Promise.resolve();
    expect(client.batches).toHaveLength(1);
    await writer.flush();
  });

  it("sends after the interval", async () => {
    const client = fakeClient();
    const writer = new LogWriter(client, { intervalMs: 5 });
    writer.push(record("a"));
    await new Promise<void>((resolve) => {
      const check = (): void => (client.batches.length > 0 ? resolve() : void setTimeout(check, 2));
      check();
    });
    expect(client.batches[0]![0]!.message).toBe("a");
  });

  it("reports failures and drops the batch instead of throwing", async () => {
    const errors: number[] = [];
    const writer = new LogWriter(
      { createLogs: async () => Promise.reject(new Error("down")) },
      { onError: (_e, n) => errors.push(n) },
    );
    writer.push(record("a"));
    await writer.flush();
    expect(errors).toEqual([1]);
  });
});

describe("run logger", () => {
  it("formats console lines as Prefect", () => {
    const line = formatConsoleLine(new Date(2024, 0, 1, 9, 5, 7, 42), LogLevel.INFO, "Flow run 'x'", "hello");
    expect(line).toBe("09:05:07.042 | INFO    | Flow run 'x' - hello");
  });

  it("respects levels and truncates API messages", async () => {
    const client = fakeClient();
    const writer = new LogWriter(client, { intervalMs: 60_000 });
    const logger = new RunLogger({
      name: "prefect.task_runs",
      label: "Task run 't'",
      flowRunId: "f",
      taskRunId: "t",
      consoleLevel: 100,
      apiLevel: LogLevel.INFO,
      writer,
      maxMessageSize: 5,
    });
    logger.debug("hidden");
    logger.info("abcdefgh");
    logger.warning("n=%d", 3);
    await writer.flush();
    expect(client.batches[0]!.map((r) => [r.level, r.message, r.taskRunId])).toEqual([
      [20, "abcde...", "t"],
      [30, "n=3", "t"],
    ]);
  });
});
