// The examples (retries, caching, subflows, concurrency, logging, zod parameters) run once against our server and
// once against Prefect 3.8.3's (the peer), and must store the same records: flow runs (generated name, states in
// order, parameters, tags, subflow parent links), task runs (key, states in order, cache key) and log lines
// (level, message, task run or flow), ids and times normalised away (example-records.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { waitFor } from "../../src/testing/index.js";
import { flowRunIds, readRecords, runExample, type FlowRunRecord } from "./example-records.js";
import { PEER_API_URL, PEER_MISSING } from "./peer.js";

/** Each example with the flows whose runs it makes. */
const EXAMPLES: readonly (readonly [string, readonly string[]])[] = [
  ["retries", ["retrying-flow"]],
  ["caching", ["caching-flow"]],
  ["subflows", ["etl-flow", "extract-flow", "load-flow"]],
  ["concurrency", ["concurrent-flow"]],
  ["logging", ["logging-flow"]],
  ["zod-parameters", ["forecast-flow"]],
];

const TERMINAL = /^(COMPLETED|FAILED|CRASHED|CANCELLED)\//;

/** Whether Prefect's (asynchronous) task-run recorder has caught up with what our server recorded. */
function caughtUp(theirs: FlowRunRecord[], ours: FlowRunRecord[]): boolean {
  return (
    theirs.length === ours.length &&
    theirs.every(
      (run, i) =>
        run.taskRuns.length === ours[i]!.taskRuns.length &&
        run.taskRuns.every(
          (t, j) => t.states.length >= ours[i]!.taskRuns[j]!.states.length && TERMINAL.test(t.states.at(-1) ?? ""),
        ),
    )
  );
}

describe.skipIf(PEER_MISSING !== undefined)("the examples record the same on our server and on Prefect 3.8.3's", () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-examples-both-"));
    server = await startServer({ port: 0, dbPath: join(dir, "prefect.db") });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(EXAMPLES)(
    "%s",
    async (name, flows) => {
      const ran = await runExample(name, server.apiUrl, mkdtempSync(join(dir, `${name}-ours-`)));
      expect(ran.code, ran.out).toBe(0);
      const ours = await readRecords(server.apiUrl, flows, new Set());

      const before = await flowRunIds(PEER_API_URL, flows);
      const ranThere = await runExample(name, PEER_API_URL, mkdtempSync(join(dir, `${name}-prefect-`)));
      expect(ranThere.code, ranThere.out).toBe(0);
      let theirs: FlowRunRecord[] = [];
      // Prefect records task runs from events in the background: wait until it has them all (or give up and diff).
      await waitFor(async () => caughtUp((theirs = await readRecords(PEER_API_URL, flows, before)), ours), {
        timeoutMs: 120_000,
        intervalMs: 1000,
      }).catch(() => undefined);
      expect(theirs).toEqual(ours);
    },
    300_000,
  );
});
