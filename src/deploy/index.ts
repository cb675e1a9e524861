// Deploying as other layers see it: deployments in code (RunnerDeployment, DeploymentSpec, deploy(), runDeployment,
// DeploymentImage), the entrypoint mode flow.ts and serve() consult, image references; loaded by `import "prefect-ts"`.
// The parts that work on the user's files (entrypoints, prefect.yaml, steps, storage, Dockerfiles) load on use through
// the import functions below, each alone: they pull in yaml, shlex, ignore or tsx, which a script never needs.
export { deploy } from "./deploy.js";
export type { DeployableDeployment, DeployedDeployment, DeployOptions } from "./deploy.js";
export { resolveDeployment } from "./deployment-ref.js";
export type { ResolvedDeployment } from "./deployment-ref.js";
export { CronSchedule, DeploymentSpec, IntervalSchedule, RRuleSchedule } from "./deployment-spec.js";
export type {
  CronScheduleOptions,
  DeploymentSpecOptions,
  DeploymentSpecSchedule,
  IntervalScheduleOptions,
  RRuleScheduleOptions,
} from "./deployment-spec.js";
export { ENTRYPOINT_FLOW, haltAtMain, isLoadingEntrypoint, recordDefinedFlow } from "./entrypoint-mode.js";
export type { EntrypointFlow } from "./entrypoint-mode.js";
export { namesByPosition } from "./flow-run-input.js";
export type { DeploymentRunInput, FlowArgsOf, ParametersOf } from "./flow-run-input.js";
export { DeploymentImage } from "./image/deployment-image.js";
export type { DeploymentImageOptions, ImageDependencies } from "./image/deployment-image.js";
export { ImageBuildError, ImageCheckError, ImagePushError } from "./image/image-errors.js";
export { parseImageReference, registryOf } from "./image/image-reference.js";
export { runDeployment } from "./run-deployment.js";
export type { RunDeploymentOptions, RunDeploymentSettings } from "./run-deployment.js";
export { deploymentArgs, RunnerDeployment } from "./runner-deployment.js";
export type { DeployableFlow, DeploymentOptions } from "./runner-deployment.js";
export type { ScheduleOptions, ScheduleSpec } from "./schedule-options.js";
export type { Integer } from "./parameter-schema/index.js";
export type { RegistryAuth } from "./image/docker-credentials.js";
export type { DeploymentYamlStorage } from "./deployment-yaml.js";
export type { DeploymentOverrides } from "./project/deploy-project.js";

/** Loads `loadFlowFromEntrypoint` and `prepareTypeScript` (tsx's hooks): a flow run's process, `deployment build`. */
export const importEntrypoint = () => import("./entrypoint.js");

/** Loads `deployEntrypoint`: deploying one `path:flow` entrypoint, as `prefect-ts deploy` does. */
export const importDeployEntrypoint = () => import("./deploy-entrypoint.js");

/** Loads `loadDeploymentSpecs`: the DeploymentSpecs a file declares (`deployment create`). */
export const importDeploymentSpecLoad = () => import("./deployment-spec-load.js");

/** Loads Prefect 2's deployment.yaml (yaml): `deployment build`. */
export const importDeploymentYaml = () => import("./deployment-yaml.js");

/** Loads the generated Dockerfile and the project slug: `init`, the deploy wizard. */
export const importDockerfile = () => import("./image/dockerfile.js");

/** Loads the Docker registry credentials of the Docker config file: a Docker worker's image pull. */
export const importDockerCredentials = () => import("./image/docker-credentials.js");

/** Loads `scanFlows` (the TypeScript compiler, on its first scan): the deploy wizard's flow picker. */
export const importFlowScan = () => import("./project/flow-scan.js");

/** Loads `deployProject` (yaml, shlex): deploying prefect.yaml's deployments. */
export const importDeployProject = () => import("./project/deploy-project.js");

/** Loads prefect.yaml's reader (yaml). */
export const importPrefectFile = () => import("./project/prefect-file.js");

/** Loads the project recipes of `init` and `deployment build`. */
export const importRecipes = () => import("./project/recipes.js");

/** Loads `runSteps` (shlex): prefect.yaml's pull steps in a flow run's process. */
export const importSteps = () => import("./project/steps.js");

/** Loads the storage blocks (ignore): a deployment's code downloaded for its run, `deployment build --storage-block`. */
export const importStorageBlock = () => import("./storage/storage-block.js");
