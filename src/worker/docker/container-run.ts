// One flow run in a Docker container, seen by the runner as a FlowRunProcess: pull, create, start, stream the output,
// wait for the exit (OOM and removal explained), kill on cancellation. Also re-attaching to a container a previous
// worker started. The container's settings come from docker-job.ts; finding a pool's containers is running-containers.ts.
import type { Writable } from "node:stream";
import type Dockerode from "dockerode";
import { dockerAddress } from "../../docker/index.js";
import { PrefectError } from "../../errors.js";
import type { ChildExit, FlowRunProcess } from "../flow-run-process.js";
import type { DockerJob } from "./docker-job.js";
import type { RegistryAuth } from "../../deploy/index.js";
import { ensureImage } from "./image-pull.js";

/** Where a container's output goes when it is streamed. */
export interface ContainerOutput {
  readonly stdout: Writable;
  readonly stderr: Writable;
}

/** Options of {@link startContainerRun}. */
export interface ContainerRunOptions {
  /** The worker's log (pulls, creation, unusual exits). */
  log: (message: string) => void;
  /** Where streamed output goes. @default this process's stdout and stderr */
  output?: ContainerOutput;
  /** Credentials for pulling the image. */
  auth?: RegistryAuth;
}

/** The reason given when a container was OOM-killed. */
export const OOM_REASON = "The container was killed: out of memory (OOMKilled).";

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}

function messageOf(error: unknown): string {
  const json = (error as { json?: { message?: string } } | null)?.json;
  return (json?.message ?? (error instanceof Error ? error.message : String(error))).trim();
}

/** Creates the container, retrying with `-1`, `-2`... on a name conflict (as prefect-docker does). */
async function createContainer(
  docker: Dockerode,
  job: DockerJob,
  log: (message: string) => void,
): Promise<Dockerode.Container> {
  for (let index = 0; ; index++) {
    const name = index === 0 ? job.create.name : `${job.create.name}-${index}`;
    try {
      return await docker.createContainer({ ...job.create, name });
    } catch (error) {
      if (statusOf(error) === 409 && index < 20) {
        log(`Docker container name '${name}' already exists; retrying...`);
        continue;
      }
      if (statusOf(error) === 404) {
        throw new PrefectError(
          `Could not create the container: image "${job.image}" is not on the Docker engine at ${dockerAddress(docker)} (${messageOf(error)}).`,
          { cause: error },
        );
      }
      throw new PrefectError(`Could not create the container of image "${job.image}": ${messageOf(error)}`, {
        cause: error,
      });
    }
  }
}

/** Writes a non-TTY container stream (multiplexed stdout/stderr) to `output`; resolves when the stream ends. */
function pipeOutput(docker: Dockerode, stream: NodeJS.ReadableStream, output: ContainerOutput): Promise<void> {
  docker.modem.demuxStream(stream, output.stdout, output.stderr);
  return new Promise((resolve) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
    stream.once("error", () => resolve());
  });
}

interface WatchOptions {
  readonly flowRunId: string;
  readonly autoRemove: boolean;
  readonly log: (message: string) => void;
  /** The exit wait, when registered before the start (auto-removed containers vanish once they exit). */
  readonly wait?: Promise<{ StatusCode?: number }>;
  /** Resolves when the streamed output has ended. */
  readonly outputDone?: Promise<void>;
}

/** How long the exit report waits for the last streamed output. */
const OUTPUT_DRAIN_MS = 2000;

/** The FlowRunProcess of a started container: its exit (explained), its kill, its `infrastructure_pid`. */
function watchContainer(docker: Dockerode, id: string, options: WatchOptions): FlowRunProcess {
  const container = docker.getContainer(id);
  const removedWhileRunning = `The container ${id.slice(0, 12)} was removed while it ran.`;
  let killed = false;
  const exited = (async (): Promise<ChildExit> => {
    let code: number | null = null;
    let reason: string | undefined;
    try {
      const result = await (options.wait ?? container.wait({ condition: "not-running" }));
      code = typeof result.StatusCode === "number" ? result.StatusCode : null;
    } catch (error) {
      if (statusOf(error) !== 404) options.log(`Lost track of container ${id.slice(0, 12)}: ${messageOf(error)}`);
      reason =
        options.autoRemove && statusOf(error) === 404
          ? "The container was removed before its exit code could be read."
          : removedWhileRunning;
    }
    try {
      const info = await container.inspect();
      if (info.State.OOMKilled) {
        reason = OOM_REASON;
        code = 137;
      } else if (info.State.Status === "removing" && !options.autoRemove && !killed) {
        reason = removedWhileRunning;
      }
    } catch (error) {
      // Auto-removed containers are gone once they exit; others gone here were removed by someone else.
      if (statusOf(error) === 404 && !options.autoRemove && reason === undefined) reason = removedWhileRunning;
    }
    if (options.outputDone) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        options.outputDone,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, OUTPUT_DRAIN_MS))),
      ]);
      clearTimeout(timer);
    }
    // A cancelled run leaves nothing behind; a finished one stays for inspection unless auto_remove (as Prefect).
    if (killed && !options.autoRemove) await container.remove({ force: true }).catch(() => undefined);
    return reason === undefined ? { code, signal: null } : { code, signal: null, reason };
  })();
  return {
    flowRunId: options.flowRunId,
    pid: undefined,
    infrastructurePid: `${dockerAddress(docker)}:${id}`,
    exited,
    kill(signal: NodeJS.Signals): void {
      killed = true;
      // "No such container" (404) and "is not running" (409): already ended, nothing to do.
      container.kill({ signal }).catch((error: unknown) => {
        if (statusOf(error) !== 404 && statusOf(error) !== 409)
          options.log(`Could not send ${signal} to container ${id.slice(0, 12)}: ${messageOf(error)}`);
      });
    },
  };
}

/**
 * Starts `job`'s container and returns it as the run's process: pulls the image by the job's policy, creates the
 * container (joining the extra networks), attaches to its output when `streamOutput` (demultiplexed to
 * `options.output`), then starts it. `exited` resolves with the container's exit code; an OOM kill is exit 137 with
 * {@link OOM_REASON}; a container removed by someone else, code null with a reason. `kill(signal)` signals the
 * container; after a kill the container is removed once it has exited (unless `auto_remove` already removes it).
 * `infrastructurePid` is `<engine address>:<container id>` (Prefect's form).
 * @throws ImagePullError when the image cannot be pulled; PrefectError when the container cannot be created or started.
 */
export async function startContainerRun(
  docker: Dockerode,
  job: DockerJob,
  options: ContainerRunOptions,
): Promise<FlowRunProcess> {
  await ensureImage(docker, job.image, job.pullPolicy, {
    log: options.log,
    ...(options.auth ? { auth: options.auth } : {}),
  });
  const container = await createContainer(docker, job, options.log);
  const abort = new AbortController();
  try {
    for (const network of job.extraNetworks) await docker.getNetwork(network).connect({ Container: container.id });
    let outputDone: Promise<void> | undefined;
    if (job.streamOutput) {
      const stream = (await container.attach({ stream: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
      outputDone = pipeOutput(docker, stream, options.output ?? { stdout: process.stdout, stderr: process.stderr });
    }
    // An auto-removed container may be gone by the time a wait sent after the start arrives: register it first.
    const wait = job.autoRemove ? container.wait({ condition: "removed", abortSignal: abort.signal }) : undefined;
    wait?.catch(() => undefined);
    await container.start();
    options.log(
      `Started Docker container '${job.create.name}' (${container.id.slice(0, 12)}) for flow run ${job.flowRunId}.`,
    );
    return watchContainer(docker, container.id, {
      flowRunId: job.flowRunId,
      autoRemove: job.autoRemove,
      log: options.log,
      ...(wait ? { wait } : {}),
      ...(outputDone ? { outputDone } : {}),
    });
  } catch (error) {
    abort.abort();
    await container.remove({ force: true }).catch(() => undefined);
    throw error instanceof PrefectError
      ? error
      : new PrefectError(`Could not start the container of image "${job.image}": ${messageOf(error)}`, {
          cause: error,
        });
  }
}

/** Options of {@link attachContainerRun}. */
export interface AttachContainerRunOptions {
  readonly flowRunId: string;
  readonly log: (message: string) => void;
  /** Follow its output from now on into `output`. @default no streaming */
  readonly output?: ContainerOutput;
}

/**
 * The FlowRunProcess of a container that is already running (started by an earlier worker): same exit and kill logic
 * as {@link startContainerRun}. Its `auto_remove` is read from the container.
 */
export async function attachContainerRun(
  docker: Dockerode,
  containerId: string,
  options: AttachContainerRunOptions,
): Promise<FlowRunProcess> {
  const info = await docker.getContainer(containerId).inspect();
  let outputDone: Promise<void> | undefined;
  if (options.output) {
    const since = Math.floor(Date.now() / 1000);
    const stream = (await docker
      .getContainer(containerId)
      .logs({ follow: true, stdout: true, stderr: true, since })) as NodeJS.ReadableStream;
    outputDone = pipeOutput(docker, stream, options.output);
  }
  return watchContainer(docker, info.Id, {
    flowRunId: options.flowRunId,
    autoRemove: info.HostConfig.AutoRemove === true,
    log: options.log,
    ...(outputDone ? { outputDone } : {}),
  });
}
