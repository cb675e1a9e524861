// The `docker` worker type: Prefect's Docker work pool template, and each claimed run started as a container on the
// engine of DOCKER_HOST (connected on first use, then shared). The pieces: docker-job.ts (settings), container-run.ts (run).
import type Dockerode from "dockerode";
import { connectDocker } from "../../docker/index.js";
import type { JobContext, RunningJob, WorkerTypeDefinition } from "../worker-type-definition.js";
import type { LaunchPlan } from "../runner.js";
import { startContainerRun, type ContainerOutput } from "./container-run.js";
import { DOCKER_WORKER_DESCRIPTION, dockerBaseJobTemplate } from "./docker-job-template.js";
import { prepareDockerJob } from "./docker-job.js";
import { findRunningJobs } from "./running-containers.js";

/** Options of {@link createDockerWorkerType}. */
export interface DockerWorkerTypeOptions {
  /** How to reach the engine. @default connectDocker() (DOCKER_HOST, pinged), once, on the first run */
  connect?: () => Promise<Dockerode>;
  /** Where containers' streamed output goes. @default this process's stdout and stderr */
  output?: ContainerOutput;
  /** The directory relative bind-mount sources are resolved against. @default process.cwd() */
  baseDir?: string;
}

/**
 * A `docker` worker type. Each run: its rendered job configuration becomes a container (see `prepareDockerJob`: image
 * required, the worker's `PREFECT_*` variables and the job's `env`, host networking for an API on a loopback address,
 * Prefect's labels), started after a pull by its policy; a non-zero exit or an OOM kill crashes the run, cancelling
 * stops and removes the container. `runningJobs` finds the pool's running containers by their labels.
 * A worker on the embedded database serves its API on a loopback port for its runs, so its containers reach it
 * through the host network.
 * @example registerWorkerType(createDockerWorkerType({ output: { stdout: myStream, stderr: myStream } }));
 */
export function createDockerWorkerType(options: DockerWorkerTypeOptions = {}): WorkerTypeDefinition {
  let client: Promise<Dockerode> | undefined;
  const docker = (): Promise<Dockerode> => {
    client ??= (options.connect ?? (() => connectDocker()))();
    // A failed connection is retried at the next run (Docker may be started meanwhile).
    client.catch(() => (client = undefined));
    return client;
  };
  return {
    type: "docker",
    description: DOCKER_WORKER_DESCRIPTION,
    baseJobTemplate: dockerBaseJobTemplate,
    async plan(configuration: Readonly<Record<string, unknown>>, context: JobContext): Promise<LaunchPlan> {
      const job = prepareDockerJob(configuration, context.run, {
        baseEnv: context.baseEnv,
        ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
      });
      return {
        env: job.env,
        start: async () =>
          startContainerRun(await docker(), job, {
            log: context.log,
            ...(options.output ? { output: options.output } : {}),
          }),
      };
    },
    async runningJobs(workPoolName: string, log: (message: string) => void): Promise<RunningJob[]> {
      return findRunningJobs(await docker(), workPoolName, { log });
    },
  };
}

/** The `docker` worker type, on the engine of DOCKER_HOST, output to this process's stdout and stderr. */
export const dockerWorkerType: WorkerTypeDefinition = createDockerWorkerType();
