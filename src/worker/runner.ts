// The runner behind `serve()`: polls its deployments' scheduled runs, claims each due run by proposing Pending (only
// a run it won is started), executes it in a child process, marks crashes, carries out cancellations, and shuts
// down gracefully. Prefect's `Runner` (runner/runner.py), with a 1 s default poll, woken at once by the API's event
// stream (the websocket, or the embedded server's own stream) and by other processes' commits to an embedded database.
import type { EventSubscription, FlowRun, PrefectClient } from "../client/index.js";
import { systemClock, type Clock } from "../engine/clock.js";
import { processEnvironment } from "../settings/index.js";
import type { EmbeddedServerHandle, LoopbackApi } from "./embedded-server.js";
import {
  crashMessage,
  startFlowRunProcess,
  startWarmProcess,
  type ChildExit,
  type ExecuteCommand,
  type FlowRunProcess,
  type WarmProcess,
} from "./flow-run-process.js";
import { DeploymentRunSource, type RunSource } from "./run-source.js";

/** Options of {@link Runner}. */
export interface RunnerOptions {
  /** The API the runner polls and reports to (its children reach the same API). */
  client: PrefectClient;
  /**
   * The embedded server `client` talks to, when it does (`openEmbeddedServer()`): the runner serves it on a loopback
   * port for its children and wakes on other processes' commits. Without it the children get `client.apiUrl`.
   */
  embeddedServer?: EmbeddedServerHandle;
  /** At most this many flow runs at once. @default 5 (PREFECT_RUNNER_PROCESS_LIMIT) */
  limit?: number;
  /** Seconds between polls. @default 1 (PREFECT_RUNNER_POLL_FREQUENCY) */
  pollIntervalSeconds?: number;
  /** The clock polls sleep on and due times are judged by (a test's `ManualClock`). @default systemClock */
  clock?: Clock;
  /** Each poll asks for the runs due within this many seconds (they start at their time). @default the poll interval + 1 */
  prefetchSeconds?: number;
  /** On stop, how long running children may take to finish before they are killed and marked Crashed. @default 30 */
  shutdownGraceSeconds?: number;
  /** On cancellation, seconds between SIGTERM and SIGKILL of the child's process tree. @default 10 */
  killGraceSeconds?: number;
  /**
   * The environment of the children. @default process.env. The API they report to is added: PREFECT_API_URL of a
   * remote client, or with `embeddedServer`, that server served on a loopback port while the runner runs.
   */
  env?: NodeJS.ProcessEnv;
  /** Where the runner's own messages go. @default a line on stderr */
  log?: (message: string) => void;
  /** How its messages name it, e.g. "Worker 'ProcessWorker 4f2c...'". @default "Runner" */
  displayName?: string;
  /** The command that executes one run. @default `prefect-ts flow-run execute <id>` of this installation */
  command?: (flowRunId: string) => ExecuteCommand;
  /**
   * Keep one executor process started ahead, warmed up (CLI, client, database, tsx loaded) and waiting for its run,
   * so a due run starts without the process start-up. Each process still runs exactly one run.
   * @default true (false when `command` is given)
   */
  prestart?: boolean;
  /** Where the runs come from. @default the deployments given to {@link Runner.addDeployment} */
  source?: RunSource;
  /**
   * How a claimed run is started (a worker renders its pool's job configuration here); a throw marks the run
   * Crashed without starting it. @default `flow-run execute <id>` with the runner's environment
   */
  plan?: (run: FlowRun) => Promise<LaunchPlan>;
  /** Called once a run's process has started (e.g. to record where it runs). Errors are logged, not fatal. */
  onStarted?: (run: FlowRun, process: FlowRunProcess) => Promise<void> | void;
}

/** How to start one claimed run. */
export interface LaunchPlan {
  /** The whole environment of its process. */
  env: NodeJS.ProcessEnv;
  /** Its working directory. @default this process's */
  cwd?: string;
  /** Its command. @default `flow-run execute <id>` of this installation */
  command?: ExecuteCommand;
  /** Discard its stdout and stderr instead of passing them through. @default false */
  quiet?: boolean;
  /**
   * Variables (beyond the runner's own environment) a pre-started executor may take on instead: set when the run
   * needs nothing a started Node process cannot adopt (its own command, Node or Prefect settings, hidden output).
   * Absent: the run gets a process of its own.
   */
  warmEnv?: Record<string, string>;
  /**
   * Starts the run's infrastructure itself (a container, say) instead of a local `flow-run execute` process; `env`,
   * `cwd` and `command` then only describe it. A throw marks the run Crashed, as a plan that cannot be made does.
   */
  start?: () => Promise<FlowRunProcess>;
}

/** After this many pre-started processes in a row die before getting a run, the runner stops pre-starting. */
const MAX_WARM_FAILURES = 3;

interface Child {
  readonly process: FlowRunProcess;
  readonly run: FlowRun;
  cancelling: boolean;
  /** Set when the runner stopped it at shutdown. */
  abandoned: boolean;
  /** Resolves once its end is reported to the API. */
  reported?: Promise<void>;
}

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED", "CRASHED"]);

/** The flow-run events that may give a runner work or take it away (new, due or retried runs; cancellations). */
export const WAKE_EVENTS = [
  "prefect.flow-run.Scheduled",
  "prefect.flow-run.Late",
  "prefect.flow-run.AwaitingRetry",
  "prefect.flow-run.Cancelling",
];

/** How a run's process ended, in words: a signal reads as one ("was stopped by SIGTERM"), not as an exit code. */
export function describeExit(exit: ChildExit): string {
  return exit.signal
    ? `its process was stopped by ${exit.signal}`
    : `its process exited with code ${String(exit.code)}`;
}

function scheduledTime(run: FlowRun): number {
  const t = run.nextScheduledStartTime ?? run.state?.stateDetails?.scheduledTime ?? run.expectedStartTime;
  return t ? t.getTime() : 0;
}

/** Polls deployments for due runs and executes them in child processes. */
export class Runner {
  readonly #client: PrefectClient;
  readonly #embedded: EmbeddedServerHandle | undefined;
  readonly #limit: number;
  readonly #pollMs: number;
  readonly #clock: Clock;
  readonly #prefetchMs: number;
  readonly #shutdownGraceMs: number;
  readonly #killGraceMs: number;
  #env: NodeJS.ProcessEnv;
  #loopback: LoopbackApi | undefined;
  #prepared: Promise<void> | undefined;
  readonly #log: (message: string) => void;
  readonly #command: ((flowRunId: string) => ExecuteCommand) | undefined;
  readonly #source: RunSource;
  readonly #plan: ((run: FlowRun) => Promise<LaunchPlan>) | undefined;
  readonly #onStarted: RunnerOptions["onStarted"];
  readonly #name: string;
  #lastPoll: Date | undefined;
  readonly #children = new Map<string, Child>();
  readonly #prestart: boolean;
  #warm: WarmProcess | undefined;
  #warmFailures = 0;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #woken = false;
  #subscription: EventSubscription | undefined;

  constructor(options: RunnerOptions) {
    this.#client = options.client;
    this.#limit = options.limit ?? 5;
    this.#pollMs = (options.pollIntervalSeconds ?? 1) * 1000;
    this.#clock = options.clock ?? systemClock;
    this.#prefetchMs = Math.max(this.#pollMs + 1000, (options.prefetchSeconds ?? 0) * 1000);
    this.#shutdownGraceMs = (options.shutdownGraceSeconds ?? 30) * 1000;
    this.#killGraceMs = (options.killGraceSeconds ?? 10) * 1000;
    this.#embedded = options.embeddedServer;
    const remote = this.#embedded === undefined ? { PREFECT_API_URL: options.client.apiUrl } : {};
    this.#env = { ...(options.env ?? processEnvironment()), ...remote };
    this.#log = options.log ?? ((message) => process.stderr.write(`${message}\n`));
    this.#command = options.command;
    this.#prestart = options.prestart ?? options.command === undefined;
    this.#source = options.source ?? new DeploymentRunSource(options.client);
    this.#plan = options.plan;
    this.#onStarted = options.onStarted;
    this.#name = options.displayName ?? "Runner";
    if (!(Number.isInteger(this.#limit) && this.#limit > 0))
      throw new RangeError(`limit must be a positive integer, got ${String(options.limit)}`);
  }

  /** Adds a deployment whose runs this runner executes. */
  addDeployment(deploymentId: string): void {
    if (!(this.#source instanceof DeploymentRunSource))
      throw new Error("addDeployment() needs a runner without its own `source`.");
    this.#source.add(deploymentId);
    if (this.#loop) this.#subscribe();
    this.wake();
  }

  /**
   * Listens to the API's event stream for its deployments' new and cancelled runs, so they are picked up at once
   * rather than at the next poll (the poll stays as the fallback).
   */
  #subscribe(): void {
    const filter = this.#source.wakeFilter();
    if (filter === undefined || this.#stopping) return;
    this.#subscription?.close();
    this.#subscription = this.#client.subscribeEvents({ ...filter, event: { name: WAKE_EVENTS } }, () => this.wake(), {
      onError: () => undefined,
    });
  }

  /**
   * The environment its children start from, with the API they report to (see {@link prepare}).
   */
  get childEnv(): NodeJS.ProcessEnv {
    return this.#env;
  }

  /**
   * Makes the API reachable by its children: with the embedded server, serves it on a loopback port (behind a random
   * auth string) and sets PREFECT_API_URL and PREFECT_API_AUTH_STRING in {@link childEnv}. A child then opens
   * neither SQLite nor the server (the runner is the database's one writer), and a container on the host network
   * reaches the same API.
   * Called by {@link start} and {@link pollOnce}; served until {@link stop} has drained the children.
   */
  prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      const host = this.#embedded;
      if (host === undefined) return;
      this.#loopback = await host.serveOnLoopback();
      this.#env = {
        ...this.#env,
        PREFECT_API_URL: this.#loopback.apiUrl,
        PREFECT_API_AUTH_STRING: this.#loopback.authString,
      };
    })();
    return this.#prepared;
  }

  async #closeLoopback(): Promise<void> {
    const loopback = this.#loopback;
    this.#loopback = undefined;
    this.#prepared = undefined;
    await loopback?.close();
  }

  /** The dashboard on the loopback API, to print (after {@link prepare}; embedded server with PREFECT_UI_ENABLED only). */
  get dashboardUrl(): string | undefined {
    return this.#loopback?.dashboardUrl;
  }

  /** When the last poll for scheduled runs answered (a health check's measure). */
  get lastPoll(): Date | undefined {
    return this.#lastPoll;
  }

  /** Resolves once every run started so far has ended and its end is reported. */
  async whenIdle(): Promise<void> {
    while (this.#children.size > 0) await Promise.all([...this.#children.values()].map((c) => c.reported));
  }

  /** Flow run ids executing now. */
  get runningFlowRunIds(): string[] {
    return [...this.#children.keys()];
  }

  /** Polls at once instead of waiting for the next poll (a run was just triggered, a state was just set). */
  wake(): void {
    const resolve = this.#wake;
    // While sleeping, end the sleep; while polling, make the next sleep return at once (a wake is never lost).
    if (resolve) {
      this.#wake = undefined;
      resolve();
    } else {
      this.#woken = true;
    }
  }

  /**
   * Runs the poll loop until {@link stop}. Resolves once stopped and every child has ended.
   * Its deployments' new and cancelled runs wake the loop at once; so does, on an embedded database, any other
   * process's commit (a run triggered from another terminal).
   */
  start(): Promise<void> {
    this.#loop ??= this.#run();
    return this.#loop;
  }

  async #run(): Promise<void> {
    await this.prepare();
    const unsubscribe = this.#embedded?.onExternalCommit(() => this.wake());
    this.#subscribe();
    this.#ensureWarm();
    try {
      while (!this.#stopping) {
        let nextDue: number | undefined;
        try {
          nextDue = (await this.pollOnce()).nextDue;
        } catch (error) {
          this.#log(
            `${this.#name} poll failed (will retry): ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        if (this.#stopping) break;
        const delay = Math.min(
          this.#pollMs,
          nextDue === undefined ? Infinity : Math.max(0, nextDue - this.#clock.now()),
        );
        await this.#sleep(delay);
      }
    } finally {
      unsubscribe?.();
      this.#subscription?.close();
      this.#subscription = undefined;
      const warm = this.#warm;
      this.#warm = undefined;
      await warm?.release();
    }
    await this.#drain();
    await this.#closeLoopback();
  }

  /** Keeps one pre-started executor waiting (unless stopping, at capacity, or they keep dying). */
  #ensureWarm(): void {
    if (!this.#prestart || this.#stopping || this.#warm?.alive || this.#warmFailures >= MAX_WARM_FAILURES) return;
    const warm = startWarmProcess({ env: this.#env });
    this.#warm = warm;
    void warm.exited.then((exit) => {
      if (this.#warm !== warm) return; // it was given a run, or released
      this.#warm = undefined;
      this.#warmFailures++;
      const why = exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
      const next = this.#warmFailures >= MAX_WARM_FAILURES ? "; runs now start their own process" : "";
      this.#log(`A pre-started flow run process ended before getting a run (${why})${next}.`);
      this.#ensureWarm();
    });
  }

  #sleep(ms: number): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    const woken = new AbortController();
    this.#wake = () => woken.abort();
    return this.#clock.sleep(ms, woken.signal).finally(() => {
      this.#wake = undefined;
    });
  }

  /**
   * One pass: carries out cancellations of runs it executes, then claims and starts the due scheduled runs of its
   * deployments, earliest first, up to the limit. Returns the runs started and when the next known run is due.
   */
  async pollOnce(): Promise<{ started: string[]; nextDue: number | undefined }> {
    await this.prepare();
    await this.#checkCancellations();
    const started: string[] = [];
    if (this.#stopping) return { started, nextDue: undefined };
    const runs = await this.#source.scheduledRuns(
      new Date(this.#clock.now() + this.#prefetchMs),
      this.#limit - this.#children.size,
    );
    this.#lastPoll = new Date(this.#clock.now());
    runs.sort((a, b) => scheduledTime(a) - scheduledTime(b));
    let nextDue: number | undefined;
    let skipped = 0;
    for (const run of runs) {
      const at = scheduledTime(run);
      if (at > this.#clock.now()) {
        nextDue = nextDue === undefined ? at : Math.min(nextDue, at);
        continue;
      }
      if (this.#children.has(run.id)) continue;
      if (this.#children.size >= this.#limit || this.#stopping) {
        skipped++;
        continue;
      }
      if (await this.#claim(run)) {
        await this.#launch(run);
        started.push(run.id);
      }
    }
    if (skipped > 0)
      this.#log(`${this.#name} at capacity (limit ${this.#limit}): ${skipped} due run(s) wait for a free slot.`);
    return { started, nextDue };
  }

  /** Proposes Pending; only a run this runner won is started (what makes several runners exactly-once). */
  async #claim(run: FlowRun): Promise<boolean> {
    try {
      const result = await this.#client.setFlowRunState(run.id, { type: "PENDING" });
      return result.status === "ACCEPT";
    } catch (error) {
      this.#log(
        `Could not claim flow run '${run.name}' (${run.id}): ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    }
  }

  async #launch(run: FlowRun): Promise<void> {
    this.#log(`${this.#name} submitting flow run '${run.name}' (${run.id})`);
    let plan: LaunchPlan = {
      env: this.#env,
      ...(this.#command ? { command: this.#command(run.id) } : {}),
      warmEnv: {},
    };
    if (this.#plan) {
      try {
        plan = await this.#plan(run);
      } catch (error) {
        return this.#submitFailed(run, error);
      }
    }
    if (plan.start) {
      let started: FlowRunProcess;
      try {
        started = await plan.start();
      } catch (error) {
        return this.#submitFailed(run, error);
      }
      await this.#watch(run, started);
      return;
    }
    const warm = plan.warmEnv !== undefined && this.#warm?.alive ? this.#warm : undefined;
    if (warm) this.#warm = undefined;
    const process = warm
      ? warm.assign(run.id, { env: plan.warmEnv ?? {}, ...(plan.cwd === undefined ? {} : { cwd: plan.cwd }) })
      : startFlowRunProcess(run.id, {
          env: plan.env,
          ...(plan.cwd === undefined ? {} : { cwd: plan.cwd }),
          ...(plan.command ? { command: plan.command } : {}),
          ...(plan.quiet ? { quiet: true } : {}),
        });
    if (warm) this.#warmFailures = 0;
    // Replace it only for a running loop: a lone pollOnce() (a worker's --run-once) must leave no idle process behind.
    if (this.#loop) this.#ensureWarm();
    await this.#watch(run, process);
  }

  /** A run that could not be started (no plan, no infrastructure) ends Crashed, as Prefect words it. */
  async #submitFailed(run: FlowRun, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.#log(`Could not start flow run '${run.name}' (${run.id}): ${reason}`);
    const message = `Failed to submit flow run to infrastructure: ${reason}`;
    await this.#logToRun(run.id, message);
    await this.#client.setFlowRunState(run.id, { type: "CRASHED", message }, { force: true }).catch(() => undefined);
  }

  /**
   * Records why a run crashed in the run's own logs (logger `prefect.flow_runs.worker`, as Prefect's worker logs
   * through its flow run logger), before its state: whoever follows the run's logs (`deployment run --watch`) reads
   * the reason, not only "Crashed". Best effort: the state carries the message too.
   */
  async #logToRun(flowRunId: string, message: string): Promise<void> {
    await this.#client
      .createLogs([
        { name: "prefect.flow_runs.worker", level: 40, message, timestamp: new Date(), flowRunId, taskRunId: null },
      ])
      .catch(() => undefined);
  }

  /**
   * Takes over a run whose infrastructure is already running (a container a restarted worker found by its labels):
   * from then on it is watched, cancelled and reported as if this runner had started it. Counts toward the limit.
   */
  async adopt(run: FlowRun, process: FlowRunProcess): Promise<void> {
    if (this.#children.has(run.id)) return;
    this.#log(`${this.#name} watching flow run '${run.name}' (${run.id}), already running`);
    await this.#watch(run, process, false);
  }

  /** Tracks a started run: its end is reported (Crashed, Cancelled) and `onStarted` is told. */
  async #watch(run: FlowRun, process: FlowRunProcess, notify = true): Promise<void> {
    const child: Child = { process, run, cancelling: false, abandoned: false };
    this.#children.set(run.id, child);
    child.reported = process.exited.then((exit) => this.#onExit(child, exit));
    if (notify && this.#onStarted) {
      try {
        await this.#onStarted(run, process);
      } catch (error) {
        this.#log(
          `After starting flow run '${run.name}' (${run.id}): ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  async #onExit(child: Child, exit: ChildExit): Promise<void> {
    const id = child.run.id;
    try {
      const run = await this.#client.readFlowRun(id);
      const type = run.state?.type ?? "";
      if (child.cancelling || type === "CANCELLING") {
        if (type !== "CANCELLED")
          await this.#client.setFlowRunState(
            id,
            { type: "CANCELLED", message: "Flow run was cancelled: its process was stopped." },
            { force: true },
          );
        this.#log(`Flow run '${run.name}' (${id}) was cancelled.`);
      } else if (!TERMINAL.has(type)) {
        const message = child.abandoned
          ? `The runner shut down before the run finished. ${crashMessage(exit, type)}`
          : crashMessage(exit, type);
        await this.#logToRun(id, message);
        await this.#client.setFlowRunState(id, { type: "CRASHED", message }, { force: true });
        this.#log(`Flow run '${run.name}' (${id}) crashed: ${message}`);
      } else if (exit.code !== 0) {
        this.#log(`Flow run '${run.name}' (${id}) ended ${run.state?.name ?? type}; ${describeExit(exit)}.`);
      }
    } catch (error) {
      this.#log(
        `Could not report the end of flow run ${id}: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      this.#children.delete(id);
      this.wake();
    }
  }

  /** Stops the process trees of runs the API marked Cancelling (or Cancelled before they ran). */
  async #checkCancellations(): Promise<void> {
    const ids = [...this.#children.values()].filter((c) => !c.cancelling).map((c) => c.run.id);
    if (ids.length === 0) return;
    const runs = await this.#client.readFlowRuns({
      flowRunFilter: { id: { any_: ids }, state: { type: { any_: ["CANCELLING", "CANCELLED"] } } },
    });
    for (const run of runs) {
      const child = this.#children.get(run.id);
      if (!child || child.cancelling) continue;
      child.cancelling = true;
      this.#log(`Cancelling flow run '${run.name}' (${run.id}): stopping its process.`);
      this.#terminate(child);
    }
  }

  /** SIGTERM to the child's process tree, SIGKILL after the grace if it is still there. */
  #terminate(child: Child): void {
    child.process.kill("SIGTERM");
    const timer = setTimeout(() => child.process.kill("SIGKILL"), this.#killGraceMs);
    timer.unref();
    void child.process.exited.then(() => clearTimeout(timer));
  }

  /**
   * Stops polling; running children get `shutdownGraceSeconds` to finish, then are killed and marked Crashed.
   * Resolves when the loop has ended and every child's end is reported.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    if (!this.#loop) {
      const warm = this.#warm;
      this.#warm = undefined;
      await warm?.release();
      await this.#drain();
      await this.#closeLoopback();
      return;
    }
    await this.#loop;
  }

  async #drain(): Promise<void> {
    const pending = [...this.#children.values()];
    if (pending.length === 0) return;
    this.#log(`Waiting up to ${this.#shutdownGraceMs / 1000} s for ${pending.length} running flow run(s) to finish...`);
    const all = Promise.all(pending.map((c) => c.process.exited));
    let timer: NodeJS.Timeout | undefined;
    const late = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), this.#shutdownGraceMs))),
    ]);
    clearTimeout(timer);
    if (late) {
      for (const child of this.#children.values()) {
        child.abandoned = true;
        this.#terminate(child);
      }
    }
    await Promise.all(pending.map((c) => c.reported));
  }
}
