// What a worker type is: its name, its description and its default base job template (Prefect's wire shape).
// The registry of types is worker-types.ts; this file only holds the shapes, so type modules need not import the registry.
import type { FlowRunJobInfo } from "./flow-run-job.js";
import type { FlowRunProcess } from "./flow-run-process.js";
import type { LaunchPlan } from "./runner.js";

/**
 * A work pool's base job template, as Prefect stores it (snake_case: it is the wire value):
 * `job_configuration` holds the job's fields with `{{ variable }}` placeholders, `variables` is the JSON schema
 * of the job variables a deployment or a run may set.
 * A type alias, not an interface, so that it stays assignable to `Record<string, unknown>` (the client's wire maps).
 */
export type BaseJobTemplate = {
  job_configuration: Record<string, unknown>;
  variables: Record<string, unknown>;
};

/** What a worker knows when it starts one run of its pool, beyond the run's rendered job configuration. */
export interface JobContext {
  /** The run, its flow, deployment, pool and worker (for `{{ ctx.* }}` placeholders and labels). */
  readonly run: FlowRunJobInfo;
  /** The environment the run starts from: the worker's, with the API it reports to (PREFECT_API_URL and auth). */
  readonly baseEnv: Readonly<Record<string, string>>;
  /** The deployment's `path` when it is a directory on this machine. */
  readonly projectDir?: string | undefined;
  /** The worker's log. */
  readonly log: (message: string) => void;
}

/** A run whose infrastructure is still there when a worker starts (found by its labels), to watch again. */
export interface RunningJob {
  readonly flowRunId: string;
  readonly process: FlowRunProcess;
}

/** One kind of worker (`process`, `docker`, ...) and the template a pool of that type starts with. */
export interface WorkerTypeDefinition {
  /** The pool type, as on the wire (`"process"`). */
  type: string;
  /** One sentence for `work-pool create` and the UI. */
  description: string;
  /** A fresh copy of the default base job template of a pool of this type. */
  baseJobTemplate(): BaseJobTemplate;
  /**
   * How one run starts, from its rendered job configuration: a plan whose `start` launches the type's own
   * infrastructure (a container). Absent: a local `flow-run execute` process, as the `process` type runs it.
   */
  plan?(configuration: Readonly<Record<string, unknown>>, context: JobContext): Promise<LaunchPlan>;
  /** How its workers' default names start (Prefect's: `ProcessWorker`, `DockerWorker`). @default "Worker" */
  workerNamePrefix?: string;
  /** Its runs are mostly local `flow-run execute` processes: a worker keeps one started ahead. @default false */
  prestarts?: boolean;
  /** The runs of `workPoolName` whose infrastructure is still running (a worker restarted while they ran). */
  runningJobs?(workPoolName: string, log: (message: string) => void): Promise<RunningJob[]>;
}
