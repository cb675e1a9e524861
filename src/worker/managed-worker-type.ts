// The `prefect:managed` worker type: pools whose runs the server executes itself (managed-pools.ts), as a process
// where the code lies, or in a container from the deployment's image when it has one and a Docker Engine answers.
import { processJobPlan } from "./process-job-plan.js";
import { processBaseJobTemplate } from "./process-worker-type.js";
import type { BaseJobTemplate, JobContext, WorkerTypeDefinition } from "./worker-type-definition.js";
import type { LaunchPlan } from "./runner.js";

/** The type of pools the server runs itself (Prefect Cloud's managed execution). */
export const MANAGED_POOL_TYPE = "prefect:managed";

/** The process template plus an optional `image` (and Docker's `image_pull_policy`). */
export function managedBaseJobTemplate(): BaseJobTemplate {
  const template = processBaseJobTemplate();
  template.job_configuration.image = "{{ image }}";
  template.job_configuration.image_pull_policy = "{{ image_pull_policy }}";
  const properties = (template.variables as { properties: Record<string, unknown> }).properties;
  properties.image = {
    title: "Image",
    description:
      "The image the flow runs start from (set by deploy({ image })). Without one, or without Docker where the server runs, runs are processes where the code lies.",
    type: "string",
  };
  properties.image_pull_policy = {
    title: "Image Pull Policy",
    description: "When to pull the image: IfNotPresent, Always or Never.",
    type: "string",
    enum: ["IfNotPresent", "Always", "Never"],
    default: "IfNotPresent",
  };
  return template;
}

/** A container when the job has an image and Docker answers; else a process (saying why, once per reason). */
async function managedPlan(configuration: Readonly<Record<string, unknown>>, context: JobContext): Promise<LaunchPlan> {
  const image = configuration.image;
  if (typeof image === "string" && image !== "") {
    const [{ dockerWorkerType }, { connectDocker }] = await Promise.all([
      import("./docker/docker-worker-type.js"),
      import("../docker/index.js"),
    ]);
    try {
      await connectDocker({ timeoutMs: 3000 });
      return await (dockerWorkerType.plan as NonNullable<WorkerTypeDefinition["plan"]>)(configuration, context);
    } catch (error) {
      context.log(
        `Flow run ${context.run.id} runs as a process: its image '${image}' cannot be started (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  }
  const { image: _image, image_pull_policy: _policy, ...processConfiguration } = configuration;
  return processJobPlan(processConfiguration, context);
}

/** The `prefect:managed` worker type. */
export const managedWorkerType: WorkerTypeDefinition = {
  type: MANAGED_POOL_TYPE,
  description:
    "Execute flow runs on the server itself: no worker to start. Runs are processes, or containers when the deployment has an image and Docker is available.",
  baseJobTemplate: managedBaseJobTemplate,
  plan: managedPlan,
  workerNamePrefix: "ManagedWorker",
  prestarts: true,
};
