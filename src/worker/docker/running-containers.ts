// The containers of a work pool's runs that are still running when a worker starts (found by their labels), so that
// the worker watches them again: their exit is reported and cancellation reaches them.
import type Dockerode from "dockerode";
import type { RunningJob } from "../worker-type-definition.js";
import { FLOW_RUN_ID_LABEL, WORK_POOL_NAME_LABEL } from "./container-labels.js";
import { attachContainerRun, type ContainerOutput } from "./container-run.js";

/** Container states that still hold a run. */
const ALIVE = new Set(["running", "paused", "restarting"]);

/**
 * The running containers labelled with `workPoolName` and a flow run id, each as a {@link RunningJob}. Containers that
 * have exited are left alone (their runs were reported, or are the server's zombie detection's business).
 */
export async function findRunningJobs(
  docker: Dockerode,
  workPoolName: string,
  options: { log: (message: string) => void; output?: ContainerOutput },
): Promise<RunningJob[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${WORK_POOL_NAME_LABEL}=${workPoolName}`, FLOW_RUN_ID_LABEL] },
  });
  const jobs: RunningJob[] = [];
  for (const info of containers) {
    const flowRunId = info.Labels[FLOW_RUN_ID_LABEL];
    if (!flowRunId || !ALIVE.has(info.State)) continue;
    try {
      const process = await attachContainerRun(docker, info.Id, {
        flowRunId,
        log: options.log,
        ...(options.output ? { output: options.output } : {}),
      });
      jobs.push({ flowRunId, process });
    } catch (error) {
      options.log(
        `Could not watch container ${info.Id.slice(0, 12)} of flow run ${flowRunId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return jobs;
}
