// Public surface of deployment images: the DeploymentImage model, building, pushing, and the one entry deploy() uses.
// Dockerfile generation and build-context filtering are exported for tests and the CLI's --print-dockerfile.
export { DeploymentImage, defaultBaseImage } from "./deployment-image.js";
export type { DeploymentImageOptions, DeploymentImageSettings, ImageDependencies } from "./deployment-image.js";
export { prepareDeploymentImage } from "./prepare-image.js";
export type { PrepareDeploymentImageOptions, PreparedImage } from "./prepare-image.js";
export { buildImage } from "./build-image.js";
export type { BuildImageOptions, BuiltImage } from "./build-image.js";
export { pushImage } from "./push-image.js";
export type { PushImageOptions } from "./push-image.js";
export { ImageBuildError, ImageCheckError, ImagePushError } from "./image-errors.js";
export { generateDockerfile, imageWorkdir, PREFECT_TS_BIN_LINK } from "./dockerfile.js";
export type { DockerfileInputs } from "./dockerfile.js";
export { dockerfileInputsFor } from "./generated-dockerfile.js";
export { createBuildContext, listBuildContext } from "./build-context.js";
export type { BuildContextOptions } from "./build-context.js";
export { resolveRegistryAuth, dockerConfigPath } from "./docker-credentials.js";
export type { DockerCredentialsOptions, RegistryAuth } from "./docker-credentials.js";
export { parseImageReference, registryOf, defaultImageTag, DOCKER_HUB_REGISTRY } from "./image-reference.js";
export type { ImageReferenceParts } from "./image-reference.js";
