// Shared set-up of the engine integration suites: a test server per suite, settings on its temp PREFECT_HOME,
// console lines captured, and helpers to read runs and states back.
import type { PrefectClient, State, TaskRun } from "../../../src/client/index.js";
import { withClient } from "../../../src/engine/client-provider.js";
import { setConsoleWriter } from "../../../src/engine/logger.js";
import { resolveSettings, type Settings } from "../../../src/settings/index.js";
import { createTestServer, type Clock, type TestServer, type Transport } from "../../../src/testing/index.js";

export interface EngineHarness {
  server: TestServer;
  client: PrefectClient;
  settings: Settings;
  lines: string[];
  /** Runs `fn` with flows and tasks talking to the test server. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A harness on `transport`; with `clock`, the engine and the server both read it (retry delays are driven, not waited). */
export async function startHarness(
  transport: Transport,
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<EngineHarness> {
  const server = await createTestServer({ transport, ...(clock ? { clock } : {}) });
  const settings = resolveSettings({ env: { PREFECT_HOME: server.home, PREFECT_LOGGING_LEVEL: "DEBUG", ...env } });
  const lines: string[] = [];
  const restore = setConsoleWriter((line) => lines.push(line));
  return {
    server,
    client: server.client,
    settings,
    lines,
    run: (fn) => withClient(server.client, fn, { settings, ...(clock ? { clock } : {}) }),
    close: async () => {
      setConsoleWriter(restore);
      await server.close();
    },
  };
}

/** State names of a flow run, oldest first. */
export async function flowRunStateNames(client: PrefectClient, flowRunId: string): Promise<string[]> {
  return (await client.readFlowRunStates(flowRunId)).map((s: State) => s.name ?? s.type);
}

/** State names of a task run, oldest first. */
export async function taskRunStateNames(client: PrefectClient, taskRunId: string): Promise<string[]> {
  return (await client.readTaskRunStates(taskRunId)).map((s: State) => s.name ?? s.type);
}

/** The task runs of a flow run, by dynamic key order within each task key. */
export async function taskRunsOf(client: PrefectClient, flowRunId: string): Promise<TaskRun[]> {
  const runs = await client.readTaskRuns({ flowRunFilter: { id: { any_: [flowRunId] } } });
  return runs.sort((a, b) => a.taskKey.localeCompare(b.taskKey) || Number(a.dynamicKey) - Number(b.dynamicKey));
}

/** The one flow run of a flow name (the latest when several). */
export async function latestFlowRun(client: PrefectClient, flowName: string) {
  const runs = await client.readFlowRuns({ flowFilter: { name: { any_: [flowName] } } });
  runs.sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0));
  const run = runs[runs.length - 1];
  if (!run) throw new Error(`no flow run of ${flowName}`);
  return run;
}
