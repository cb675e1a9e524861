// Executing one flow run by id (the child of a runner or worker, `prefect-ts flow-run execute <id>`): read the run and
// its deployment, load the flow from the entrypoint, map the stored parameters to arguments, run it to a final state.
// Spawning and watching the child is flow-run-process.ts; the engine itself is src/engine/flow-engine.ts.
import { randomUUID } from "node:crypto";
import type { FlowRun, PrefectClient, State } from "../client/index.js";
import {
  currentClient,
  currentSettings,
  every,
  importFlowEngine,
  importLogWriter,
  levelNumber,
  RunLogger,
  systemClock,
  withClient,
  type Clock,
} from "../engine/index.js";
import { PrefectError } from "../errors.js";
import { importEntrypoint, importSteps, importStorageBlock, type EntrypointFlow } from "../deploy/index.js";
import { argumentsForFlowRun } from "./flow-run-arguments.js";

/** Options of {@link executeFlowRun}. */
export interface ExecuteFlowRunOptions {
  /** @default the engine's client (PREFECT_API_URL or the embedded server) */
  client?: PrefectClient;
  /** Where a deployment without `path` resolves its entrypoint. @default process.cwd() */
  cwd?: string;
  /** The clock the run's heartbeats and retry delays wait on (a test's `ManualClock`). @default systemClock */
  clock?: Clock;
}

/** Cancelling (being stopped) and every final state: such a run is not started. */
function notRunnable(state: State | null | undefined): state is State {
  return state != null && ["CANCELLING", "CANCELLED", "COMPLETED", "FAILED", "CRASHED"].includes(state.type);
}

/** Logs `message` as an error of the run: on stderr and in the run's logs (what `deployment run --watch` shows). */
async function logToRun(client: PrefectClient, run: FlowRun, message: string): Promise<void> {
  const { logWriterFor } = await importLogWriter();
  const settings = currentSettings();
  const writer = logWriterFor(client);
  const logger = new RunLogger({
    name: "prefect.flow_runs",
    label: `Flow run '${run.name}'`,
    flowRunId: run.id,
    taskRunId: null,
    consoleLevel: levelNumber(settings.PREFECT_LOGGING_LEVEL),
    apiLevel: levelNumber(settings.PREFECT_LOGGING_LEVEL),
    writer: settings.PREFECT_LOGGING_TO_API_ENABLED ? writer : null,
    maxMessageSize: settings.PREFECT_LOGGING_TO_API_MAX_LOG_SIZE,
  });
  logger.error(message);
  await writer.flush().catch(() => undefined);
}

/** Ends the run Failed with `message` (logged to the run too); resolves to the state it is in afterwards. */
async function failRun(client: PrefectClient, run: FlowRun, message: string): Promise<State> {
  await logToRun(client, run, message);
  const result = await client.setFlowRunState(run.id, { type: "FAILED", message });
  return result.state ?? ((await client.readFlowRun(run.id)).state as State);
}

/** Ends the run Crashed with `message` (logged to the run too): its code could not be got ready to run. */
async function crashRun(client: PrefectClient, run: FlowRun, message: string): Promise<State> {
  await logToRun(client, run, message);
  const result = await client.setFlowRunState(run.id, { type: "CRASHED", message });
  return result.state ?? ((await client.readFlowRun(run.id)).state as State);
}

/**
 * A fresh directory of this run, added to `runDirectories` so it is removed when the run ends (a copy of the code may
 * hold the project's node_modules), as Prefect's process worker runs each flow run in a temporary directory.
 */
async function freshRunDirectory(run: FlowRun, runDirectories: string[]): Promise<string> {
  const [{ mkdtempSync }, { tmpdir }, path] = await Promise.all([
    import("node:fs"),
    import("node:os"),
    import("node:path"),
  ]);
  const directory = mkdtempSync(path.join(tmpdir(), `prefect-ts-run-${run.id.slice(0, 8)}-`));
  runDirectories.push(directory);
  return directory;
}

/**
 * Carries out the deployment's pull steps (prefect.yaml's `pull`) in a fresh directory of this run, as Prefect's
 * engine does before loading the entrypoint, and moves the process to where they leave it (a step's `directory`).
 * @returns the directory the entrypoint is relative to
 */
async function runPullSteps(
  client: PrefectClient,
  run: FlowRun,
  steps: readonly Record<string, unknown>[],
  runDirectories: string[],
): Promise<string> {
  const { runSteps, variableReader } = await importSteps();
  const directory = await freshRunDirectory(run, runDirectories);
  const result = await runSteps(steps as Record<string, Record<string, unknown> | null>[], {
    section: "pull",
    cwd: directory,
    readVariable: variableReader(client),
    onOutput: (line) => process.stderr.write(`${line}\n`),
  });
  process.chdir(result.cwd);
  return result.cwd;
}

/** Copies the deployment's code from its storage block into a fresh directory of this run and moves there. */
async function downloadCode(
  run: FlowRun,
  deployment: { name: string; storageDocumentId: string; path: string | null },
  client: PrefectClient,
  runDirectories: string[],
): Promise<string> {
  const { downloadFromStorage } = await importStorageBlock();
  const directory = await freshRunDirectory(run, runDirectories);
  const storage = await downloadFromStorage(client, deployment, directory);
  process.stderr.write(
    `Downloaded flow code from storage at '${storage.location(deployment.path)}' into ${directory}\n`,
  );
  process.chdir(directory);
  return directory;
}

/**
 * Loads everything {@link executeFlowRun} needs before a run id is known: the engine, the entrypoint loader with
 * tsx registered, and (by one cheap request) the client's connection or embedded database. For a runner that keeps
 * a warm child ready, so that dispatching a run skips the start-up.
 */
export async function warmUpExecution(options: { client?: PrefectClient; typescript?: boolean } = {}): Promise<void> {
  const client = options.client ?? (await currentClient());
  const [entrypoint] = await Promise.all([importEntrypoint(), importFlowEngine(), client.readFlowRuns({ limit: 1 })]);
  if (options.typescript !== false) await entrypoint.prepareTypeScript();
}

/**
 * Executes the flow run `flowRunId` in this process and resolves to its final state (Prefect's
 * `prefect flow-run execute`). A run whose flow cannot be loaded, or whose parameters do not fit the flow, ends
 * Failed with a message saying why; a Cancelling, Cancelled or finished run is not started and its state returned.
 * @throws ObjectNotFoundError when the run does not exist
 * @throws PrefectError when the run was not created from a deployment
 * @example const state = await executeFlowRun(flowRunId); process.exitCode = state.type === "COMPLETED" ? 0 : 1;
 */
export async function executeFlowRun(flowRunId: string, options: ExecuteFlowRunOptions = {}): Promise<State> {
  const origin = process.cwd();
  const runDirectories: string[] = [];
  try {
    return await executeIn(flowRunId, options, runDirectories);
  } finally {
    // The run's own directories (pulled or downloaded code) go once the run is over, as Prefect's temporary
    // working directories do.
    if (runDirectories.length > 0) {
      const { rmSync } = await import("node:fs");
      process.chdir(origin);
      for (const directory of runDirectories) rmSync(directory, { recursive: true, force: true });
    }
  }
}

/** {@link executeFlowRun}'s steps; each directory made for the run's code is added to `runDirectories`. */
async function executeIn(flowRunId: string, options: ExecuteFlowRunOptions, runDirectories: string[]): Promise<State> {
  const client = options.client ?? (await currentClient());
  const run = await client.readFlowRun(flowRunId);
  if (!run.deploymentId) {
    throw new PrefectError(
      `Flow run '${run.name}' (${run.id}) was not created from a deployment; nothing to execute. Run the flow by calling it instead.`,
    );
  }
  if (notRunnable(run.state)) {
    process.stderr.write(
      `Flow run '${run.name}' (${run.id}) is ${run.state.name ?? run.state.type}; it will not be executed.\n`,
    );
    return run.state;
  }
  const deployment = await client.readDeployment(run.deploymentId);
  let baseDir = deployment.path ?? options.cwd ?? process.cwd();
  if (deployment.pullSteps && deployment.pullSteps.length > 0) {
    try {
      baseDir = await runPullSteps(client, run, deployment.pullSteps, runDirectories);
    } catch (error) {
      return crashRun(client, run, `Pull steps failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else if (deployment.storageDocumentId) {
    // Prefect 2: a deployment built with a storage block has its code copied from there (pull steps win when both).
    try {
      baseDir = await downloadCode(
        run,
        { name: deployment.name, storageDocumentId: deployment.storageDocumentId, path: deployment.path },
        client,
        runDirectories,
      );
    } catch (error) {
      return crashRun(
        client,
        run,
        `Downloading flow code from storage failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  let flow: EntrypointFlow;
  try {
    if (!deployment.entrypoint)
      throw new PrefectError(
        `deployment '${deployment.name}' has no entrypoint; redeploy it with one ('path/to/file.ts:exportName').`,
      );
    const { loadFlowFromEntrypoint } = await importEntrypoint();
    flow = await loadFlowFromEntrypoint(deployment.entrypoint, {
      baseDir,
      // Asked only for a module that halted at its serve()/deploy() call (its exports are not readable then).
      flowName: () =>
        client.readFlow(run.flowId).then(
          (f) => f.name,
          () => undefined,
        ),
    });
  } catch (error) {
    return failRun(
      client,
      run,
      `Flow could not be retrieved from deployment: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const mapped = argumentsForFlowRun(flow, deployment.parameterOpenapiSchema, run.parameters);
  if ("problems" in mapped) {
    const count = mapped.problems.length === 1 ? "1 problem" : `${mapped.problems.length} problems`;
    return failRun(
      client,
      run,
      `Validation of flow parameters failed with error: ${count}:\n  - ${mapped.problems.join("\n  - ")}`,
    );
  }
  const clock = options.clock ?? systemClock;
  const stopHeartbeats = startHeartbeats(client, run, currentSettings().PREFECT_FLOWS_HEARTBEAT_FREQUENCY, clock);
  try {
    const outcome = await withClient(client, () => flow.runExisting(run, mapped.args), { clock });
    return outcome.state as State;
  } finally {
    stopHeartbeats();
  }
}

/**
 * Sends Prefect's `prefect.flow-run.heartbeat` event now and every `seconds` while the run executes: the server
 * marks a Running run Crashed once they stop (its process or machine died without a word). Returns the stop.
 */
function startHeartbeats(client: PrefectClient, run: FlowRun, seconds: number, clock: Clock): () => void {
  const related = [
    { "prefect.resource.id": `prefect.flow.${run.flowId}`, "prefect.resource.role": "flow" },
    ...(run.deploymentId
      ? [{ "prefect.resource.id": `prefect.deployment.${run.deploymentId}`, "prefect.resource.role": "deployment" }]
      : []),
  ];
  const beat = (): void => {
    client
      .createEvents([
        {
          id: randomUUID(),
          occurred: new Date(clock.now()),
          event: "prefect.flow-run.heartbeat",
          resource: { "prefect.resource.id": `prefect.flow-run.${run.id}`, "prefect.resource.name": run.name ?? "" },
          related,
        },
      ])
      .catch(() => undefined); // a missed beat is what the server watches for; nothing to do here
  };
  beat();
  return every(clock, seconds * 1000, beat);
}
