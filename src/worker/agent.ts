// Prefect 2's agent: polls named work queues (or queues by prefix) of a pool, `default-agent-pool` unless told, and
// runs each due flow run as a process. Claiming, launching, crashes, cancellation and shutdown are the Runner's, the
// same as a worker's; the job is the process worker type's default template with the deployment's job variables.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { FlowRun, PrefectClient, WorkQueue } from "../client/index.js";
import { ObjectNotFoundError, PrefectError } from "../errors.js";
import type { EmbeddedServerHandle, RunningServices } from "./embedded-server.js";
import { existingDirectory } from "./existing-directory.js";
import type { FlowRunJobInfo } from "./flow-run-job.js";
import type { FlowRunProcess } from "./flow-run-process.js";
import { renderJobConfiguration } from "./job-configuration.js";
import { WorkQueueRunSource } from "./queue-run-source.js";
import { Runner, type LaunchPlan } from "./runner.js";
import { workerType } from "./worker-types.js";

/** Options of {@link Agent}. */
export interface AgentOptions {
  /** The API (its children reach the same one). */
  client: PrefectClient;
  /** The embedded server `client` talks to, when it does: served on loopback for the runs, its services hosted. */
  embeddedServer?: EmbeddedServerHandle;
  /** The queues to poll, by name; created when missing. Without names or prefixes: every queue of `workPoolName`. */
  workQueueNames?: string[];
  /** Also poll the queues whose names start with one of these. */
  workQueuePrefixes?: string[];
  /** The queues' pool. @default "default-agent-pool" */
  workPoolName?: string;
  /** The agent's name. @default "agent <uuid>" (as Prefect 2) */
  name?: string;
  /** At most this many runs at once. @default unlimited (as Prefect 2) */
  limit?: number;
  /** Seconds between polls. @default 10 (PREFECT_AGENT_QUERY_INTERVAL) */
  querySeconds?: number;
  /** Poll for the runs due within this many seconds. @default 15 (PREFECT_AGENT_PREFETCH_SECONDS) */
  prefetchSeconds?: number;
  /** With `embeddedServer`, also run the server's background services. @default true */
  hostServices?: boolean;
  /** On stop, how long running runs may take before they are killed and marked Crashed. @default 30 */
  shutdownGraceSeconds?: number;
  /** Environment of the runs' processes. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where the agent's messages go. @default a line on stderr */
  log?: (message: string) => void;
  /** Keep one executor process started ahead (see Runner). @default true */
  prestart?: boolean;
  /** Called by {@link Agent.start} once its queues are read (and created), before the first poll. */
  onReady?: (queues: WorkQueue[]) => void;
}

/** Polls work queues and runs their flow runs as child processes (Prefect 2's `prefect agent start`). */
export class Agent {
  /** The agent's name. */
  readonly name: string;
  readonly #client: PrefectClient;
  readonly #embedded: EmbeddedServerHandle | undefined;
  readonly #source: WorkQueueRunSource;
  readonly #runner: Runner;
  readonly #hostServices: boolean;
  readonly #log: (message: string) => void;
  readonly #onReady: ((queues: WorkQueue[]) => void) | undefined;
  #services: RunningServices | undefined;
  #started: Promise<void> | undefined;

  constructor(options: AgentOptions) {
    if (!options.workQueueNames?.length && !options.workQueuePrefixes?.length && options.workPoolName === undefined) {
      throw new PrefectError(
        "An agent needs work queues to poll: name them (-q QUEUE), give a prefix (-m PREFIX) or a pool (-p POOL).",
      );
    }
    this.name = options.name ?? `agent ${randomUUID()}`;
    this.#client = options.client;
    this.#embedded = options.embeddedServer;
    this.#hostServices = options.hostServices ?? true;
    this.#log = options.log ?? ((message) => process.stderr.write(`${message}\n`));
    this.#onReady = options.onReady;
    this.#source = new WorkQueueRunSource(options.client, {
      workQueueNames: options.workQueueNames ?? [],
      prefixes: options.workQueuePrefixes ?? [],
      ...(options.workPoolName === undefined ? {} : { workPoolName: options.workPoolName }),
      log: this.#log,
    });
    this.#runner = new Runner({
      client: options.client,
      ...(options.embeddedServer ? { embeddedServer: options.embeddedServer } : {}),
      source: this.#source,
      displayName: `Agent '${this.name}'`,
      limit: options.limit ?? Number.MAX_SAFE_INTEGER,
      pollIntervalSeconds: options.querySeconds ?? 10,
      prefetchSeconds: options.prefetchSeconds ?? 15,
      ...(options.env === undefined ? {} : { env: options.env }),
      log: this.#log,
      plan: (run) => this.#plan(run),
      onStarted: (run, child) => this.#onStarted(run, child),
      ...(options.shutdownGraceSeconds === undefined ? {} : { shutdownGraceSeconds: options.shutdownGraceSeconds }),
      prestart: options.prestart ?? true,
    });
  }

  /** The pool of its queues. */
  get workPoolName(): string {
    return this.#source.workPoolName;
  }

  /** Flow run ids executing now. */
  get runningFlowRunIds(): string[] {
    return this.#runner.runningFlowRunIds;
  }

  /** Reads its queues, creating the named ones that are missing, and matches its prefixes. */
  workQueues(): Promise<WorkQueue[]> {
    return this.#source.workQueues();
  }

  /** Reads its queues, then polls and runs until {@link stop}. Resolves once stopped and every run has ended. */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    const queues = await this.#source.workQueues(); // before the runner subscribes: its wake filter names them
    this.#onReady?.(queues);
    this.#services = this.#hostServices ? await this.#embedded?.startServices() : undefined;
    try {
      await this.#runner.start();
    } finally {
      await this.#services?.stop();
    }
  }

  /** One poll; resolves when the runs it started have ended (`agent start --run-once`). */
  async runOnce(): Promise<string[]> {
    this.#onReady?.(await this.#source.workQueues());
    const { started } = await this.#runner.pollOnce();
    await this.#runner.whenIdle();
    await this.#runner.stop();
    return started;
  }

  /** Stops claiming; running runs get the shutdown grace, then are killed and marked Crashed. */
  async stop(): Promise<void> {
    await this.#runner.stop();
    await this.#started?.catch(() => undefined);
  }

  /** The job of one run: the process type's default template rendered with the deployment's and the run's variables. */
  async #plan(run: FlowRun): Promise<LaunchPlan> {
    const definition = workerType("process");
    if (!definition?.plan) throw new PrefectError("the process worker type is not registered");
    let deployment;
    try {
      deployment = run.deploymentId ? await this.#client.readDeployment(run.deploymentId) : undefined;
    } catch (error) {
      if (error instanceof ObjectNotFoundError)
        throw new PrefectError(`its deployment ${String(run.deploymentId)} no longer exists`);
      throw error;
    }
    const configuration = renderJobConfiguration(
      definition.baseJobTemplate(),
      deployment?.jobVariables,
      run.jobVariables,
    );
    const info: FlowRunJobInfo = {
      id: run.id,
      name: run.name,
      flowId: run.flowId,
      deploymentId: run.deploymentId,
      deploymentName: deployment?.name,
      deploymentUpdated: deployment?.updated,
      workPoolName: run.workPoolName ?? this.workPoolName,
      workPoolId: undefined,
      workerName: this.name,
      tags: run.tags,
      parameters: run.parameters,
    };
    const baseEnv = Object.fromEntries(
      Object.entries(this.#runner.childEnv).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
    );
    return definition.plan(configuration, {
      run: info,
      baseEnv,
      projectDir: existingDirectory(deployment?.path ?? undefined),
      log: this.#log,
    });
  }

  /** Records where the run runs (Prefect's `infrastructure_pid`). */
  async #onStarted(run: FlowRun, child: FlowRunProcess): Promise<void> {
    const pid = child.infrastructurePid ?? (child.pid === undefined ? undefined : `${hostname()}:${child.pid}`);
    if (pid !== undefined) await this.#client.updateFlowRun(run.id, { infrastructurePid: pid });
  }
}
