// A worker: polls one work pool (all its queues or some), claims each due run by proposing Pending, renders the
// pool's job configuration for it (base job template + the deployment's and the run's job variables) and runs it,
// heartbeating so the server knows it is online. Prefect's `BaseWorker` + `ProcessWorker` (workers/base.py,
// workers/process.py); the claim, launch, crash, cancel and shutdown logic is the runner's, shared with serve().
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Deployment, FlowRun, PrefectClient, WorkPool } from "../client/index.js";
import { every, systemClock, type Clock } from "../engine/clock.js";
import type { EmbeddedServerHandle, RunningServices } from "./embedded-server.js";
import { ObjectNotFoundError, PrefectError } from "../errors.js";
import { TERMINAL_STATE_TYPES, type StateType } from "../schemas/index.js";
import type { FlowRunJobInfo } from "./flow-run-job.js";
import { existingDirectory } from "./existing-directory.js";
import type { FlowRunProcess } from "./flow-run-process.js";
import { renderJobConfiguration } from "./job-configuration.js";
import { Runner, type LaunchPlan } from "./runner.js";
import { WorkPoolRunSource } from "./run-source.js";
import { unknownWorkerTypeMessage, workerType, type BaseJobTemplate } from "./worker-types.js";

/** Options of {@link Worker}. */
export interface WorkerOptions {
  /** The API (its children reach the same one). */
  client: PrefectClient;
  /**
   * The embedded server `client` talks to, when it does (`openEmbeddedServer()`): served on a loopback port for the
   * runs, its services hosted (see `hostServices`), other processes' commits wake the worker.
   */
  embeddedServer?: EmbeddedServerHandle;
  /** The pool to take runs from. */
  workPoolName: string;
  /** Only these queues of the pool. @default all of them */
  workQueueNames?: string[];
  /** The worker's name, shown by `work-pool inspect` and on its runs. @default "ProcessWorker <uuid>" */
  name?: string;
  /** The worker type. @default "process" */
  type?: string;
  /** At most this many runs at once. @default unlimited (as Prefect) */
  limit?: number;
  /** Seconds between polls (a new or cancelled run wakes it at once). @default 10 (PREFECT_WORKER_QUERY_SECONDS) */
  querySeconds?: number;
  /** Poll for the runs due within this many seconds. @default 10 (PREFECT_WORKER_PREFETCH_SECONDS) */
  prefetchSeconds?: number;
  /** Seconds between heartbeats. @default 30 (PREFECT_WORKER_HEARTBEAT_SECONDS) */
  heartbeatSeconds?: number;
  /** The clock heartbeats and polls wait on (a test's `ManualClock`). @default systemClock */
  clock?: Clock;
  /** Create the pool (with the type's base job template) when it does not exist. @default true */
  createPoolIfNotFound?: boolean;
  /**
   * With `embeddedServer`, also run the server's background services (scheduler, late runs, health, zombies, and the runs
   * of `prefect:managed` pools). @default true
   */
  hostServices?: boolean;
  /** On stop, how long running runs may take before they are killed and marked Crashed. @default 30 */
  shutdownGraceSeconds?: number;
  /** On cancellation, seconds between SIGTERM and SIGKILL. @default 10 */
  killGraceSeconds?: number;
  /** Environment of the runs' processes (the job's `env` is added). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Where the worker's messages go. @default a line on stderr */
  log?: (message: string) => void;
  /** Keep one executor process started ahead (see Runner). @default true */
  prestart?: boolean;
  /** Called by {@link Worker.start} once the pool is read and the first heartbeat sent, before the first poll. */
  onReady?: (pool: WorkPool) => void;
}

/** Prefect's `ProcessWorker` name prefix. */
/** A worker refuses to adopt these variables in a pre-started process: they shape Node or the client at start-up. */
function isEmptyTemplate(template: Record<string, unknown> | undefined): boolean {
  return (
    template === undefined ||
    Object.keys(template).length === 0 ||
    Object.keys((template.job_configuration ?? {}) as object).length === 0
  );
}

/** Polls a work pool and runs its flow runs as child processes. */
export class Worker {
  /** The worker's name. */
  readonly name: string;
  /** Its type, e.g. "process". */
  readonly type: string;
  readonly #client: PrefectClient;
  readonly #embedded: EmbeddedServerHandle | undefined;
  readonly #poolName: string;
  readonly #source: WorkPoolRunSource;
  readonly #runner: Runner;
  readonly #heartbeatMs: number;
  readonly #createPool: boolean;
  readonly #hostServices: boolean;
  readonly #log: (message: string) => void;
  readonly #onReady: ((pool: WorkPool) => void) | undefined;
  #pool: WorkPool | undefined;
  readonly #clock: Clock;
  #stopHeartbeats: (() => void) | undefined;
  #services: RunningServices | undefined;
  #started: Promise<void> | undefined;

  constructor(options: WorkerOptions) {
    this.type = options.type ?? "process";
    if (workerType(this.type) === undefined) throw new PrefectError(unknownWorkerTypeMessage(this.type));
    this.name = options.name ?? `${workerType(this.type)?.workerNamePrefix ?? "Worker"} ${randomUUID()}`;
    this.#client = options.client;
    this.#embedded = options.embeddedServer;
    this.#poolName = options.workPoolName;
    this.#heartbeatMs = (options.heartbeatSeconds ?? 30) * 1000;
    this.#clock = options.clock ?? systemClock;
    this.#createPool = options.createPoolIfNotFound ?? true;
    this.#hostServices = options.hostServices ?? true;
    this.#log = options.log ?? ((message) => process.stderr.write(`${message}\n`));
    this.#onReady = options.onReady;
    this.#source = new WorkPoolRunSource(options.client, options.workPoolName, options.workQueueNames ?? []);
    this.#runner = new Runner({
      client: options.client,
      ...(options.embeddedServer ? { embeddedServer: options.embeddedServer } : {}),
      source: this.#source,
      displayName: `Worker '${this.name}'`,
      limit: options.limit ?? Number.MAX_SAFE_INTEGER,
      pollIntervalSeconds: options.querySeconds ?? 10,
      clock: this.#clock,
      prefetchSeconds: options.prefetchSeconds ?? 10,
      ...(options.env === undefined ? {} : { env: options.env }),
      log: this.#log,
      plan: (run) => this.#plan(run),
      onStarted: (run, child) => this.#onStarted(run, child),
      ...(options.shutdownGraceSeconds === undefined ? {} : { shutdownGraceSeconds: options.shutdownGraceSeconds }),
      ...(options.killGraceSeconds === undefined ? {} : { killGraceSeconds: options.killGraceSeconds }),
      prestart: options.prestart ?? workerType(this.type)?.prestarts === true,
    });
  }

  /** The dashboard on the loopback API this worker serves (embedded database, PREFECT_UI_ENABLED), once ready. */
  get dashboardUrl(): string | undefined {
    return this.#runner.dashboardUrl;
  }

  /** The pool as last read (after {@link sync}). */
  get workPool(): WorkPool | undefined {
    return this.#pool;
  }

  /** When the last poll answered. */
  get lastPoll(): Date | undefined {
    return this.#runner.lastPoll;
  }

  /** Flow run ids executing now. */
  get runningFlowRunIds(): string[] {
    return this.#runner.runningFlowRunIds;
  }

  /**
   * Reads the pool (creating it with the type's template when missing and allowed; filling in an empty template),
   * then heartbeats. Prefect's `sync_with_backend`.
   * @throws ObjectNotFoundError when the pool does not exist and may not be created
   */
  async sync(): Promise<WorkPool> {
    let pool: WorkPool;
    try {
      pool = await this.#client.readWorkPool(this.#poolName);
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError) || !this.#createPool) throw error;
      const template = workerType(this.type)?.baseJobTemplate();
      pool = await this.#client.createWorkPool({
        name: this.#poolName,
        type: this.type,
        ...(template ? { baseJobTemplate: { ...template } } : {}),
      });
      this.#log(`Work pool '${this.#poolName}' does not exist: created it (type ${this.type}).`);
    }
    if (isEmptyTemplate(pool.baseJobTemplate as Record<string, unknown>)) {
      const template = workerType(this.type)?.baseJobTemplate();
      if (template) {
        await this.#client.updateWorkPool(this.#poolName, { baseJobTemplate: { ...template } });
        pool = await this.#client.readWorkPool(this.#poolName);
      }
    }
    if (pool.type !== this.type) {
      this.#log(
        `Work pool '${pool.name}' is of type '${pool.type}', not '${this.type}': its runs are started as ${this.type} jobs.`,
      );
    }
    this.#pool = pool;
    this.#source.poolId = pool.id;
    await this.#sendHeartbeat();
    return pool;
  }

  async #sendHeartbeat(): Promise<void> {
    await this.#client.sendWorkerHeartbeat(this.#poolName, this.name, {
      heartbeatIntervalSeconds: this.#heartbeatMs / 1000,
      workerType: this.type,
    });
  }

  /**
   * Syncs, then polls and runs until {@link stop}; in embedded mode also runs the server's background services
   * (under the database's lease). Resolves once stopped and every run has ended.
   */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    const pool = await this.sync(); // not inside `onReady?.(...)`: without onReady the argument is never evaluated
    await this.#adoptRunningJobs(pool);
    // Served before onReady, so a host can print the dashboard's URL with its start message.
    await this.#runner.prepare();
    this.#onReady?.(pool);
    this.#stopHeartbeats = every(this.#clock, this.#heartbeatMs, () => {
      this.#sendHeartbeat().catch((error: unknown) =>
        this.#log(`Worker heartbeat failed (will retry): ${error instanceof Error ? error.message : String(error)}`),
      );
    });
    this.#services = this.#hostServices ? await this.#embedded?.startServices() : undefined;
    try {
      await this.#runner.start();
    } finally {
      this.#stopHeartbeats?.();
      await this.#services?.stop();
    }
  }

  /**
   * Watches again the runs of its pool whose infrastructure outlived a previous worker (containers found by their
   * labels): their end is reported and `flow-run cancel` reaches them. Finished runs' leftovers are not touched.
   */
  async #adoptRunningJobs(pool: WorkPool): Promise<void> {
    const find = workerType(this.type)?.runningJobs;
    if (!find) return;
    try {
      for (const job of await find(pool.name, this.#log)) {
        const run = await this.#client.readFlowRun(job.flowRunId).catch(() => undefined);
        if (run && !TERMINAL_STATE_TYPES.includes(run.state?.type as StateType))
          await this.#runner.adopt(run, job.process);
      }
    } catch (error) {
      this.#log(
        `Could not look for runs still running from an earlier worker: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** One sync and one poll; resolves when the runs it started have ended (`worker start --run-once`). */
  async runOnce(): Promise<string[]> {
    await this.sync();
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

  async #deployment(run: FlowRun): Promise<Deployment | undefined> {
    if (!run.deploymentId) return undefined;
    try {
      return await this.#client.readDeployment(run.deploymentId);
    } catch (error) {
      if (error instanceof ObjectNotFoundError)
        throw new PrefectError(`its deployment ${run.deploymentId} no longer exists`);
      throw error;
    }
  }

  /** The job of one run: the pool's template rendered with the deployment's and the run's job variables. */
  async #plan(run: FlowRun): Promise<LaunchPlan> {
    const pool = this.#pool ?? (await this.sync());
    const deployment = await this.#deployment(run);
    const template = isEmptyTemplate(pool.baseJobTemplate as Record<string, unknown>)
      ? (workerType(this.type)?.baseJobTemplate() ?? { job_configuration: {}, variables: {} })
      : (pool.baseJobTemplate as unknown as BaseJobTemplate);
    const baseEnv = this.#runner.childEnv;
    const configuration = renderJobConfiguration(template, deployment?.jobVariables, run.jobVariables);
    const projectDir = existingDirectory(deployment?.path ?? undefined);
    const info: FlowRunJobInfo = {
      id: run.id,
      name: run.name,
      flowId: run.flowId,
      deploymentId: run.deploymentId,
      deploymentName: deployment?.name,
      deploymentUpdated: deployment?.updated,
      workPoolName: pool.name,
      workPoolId: pool.id,
      workerName: this.name,
      tags: run.tags,
      parameters: run.parameters,
    };
    const definition = workerType(this.type);
    if (!definition?.plan) throw new PrefectError(`worker type "${this.type}" cannot start runs itself`);
    return definition.plan(configuration, { run: info, baseEnv: stringEnv(baseEnv), projectDir, log: this.#log });
  }

  /** Records where the run runs (Prefect's `infrastructure_pid`) and tells the server which worker submitted it. */
  async #onStarted(run: FlowRun, child: FlowRunProcess): Promise<void> {
    const pool = this.#pool;
    await Promise.all([
      child.infrastructurePid !== undefined
        ? this.#client.updateFlowRun(run.id, { infrastructurePid: child.infrastructurePid })
        : child.pid === undefined
          ? undefined
          : this.#client.updateFlowRun(run.id, { infrastructurePid: `${hostname()}:${child.pid}` }),
      this.#client.createEvents([
        {
          id: randomUUID(),
          occurred: new Date(),
          event: "prefect.worker.submitted-flow-run",
          resource: {
            "prefect.resource.id": `prefect.worker.${this.type}.${this.name}`,
            "prefect.resource.name": this.name,
            "prefect.worker-type": this.type,
          },
          related: [
            ...(pool
              ? [
                  {
                    "prefect.resource.id": `prefect.work-pool.${pool.id}`,
                    "prefect.resource.role": "work-pool",
                    "prefect.resource.name": pool.name,
                  },
                ]
              : []),
            ...(run.deploymentId
              ? [
                  {
                    "prefect.resource.id": `prefect.deployment.${run.deploymentId}`,
                    "prefect.resource.role": "deployment",
                  },
                ]
              : []),
            { "prefect.resource.id": `prefect.flow.${run.flowId}`, "prefect.resource.role": "flow" },
            {
              "prefect.resource.id": `prefect.flow-run.${run.id}`,
              "prefect.resource.role": "flow-run",
              "prefect.resource.name": run.name ?? "",
            },
          ] satisfies Record<string, string>[],
          payload: {},
        },
      ]),
    ]);
  }
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
