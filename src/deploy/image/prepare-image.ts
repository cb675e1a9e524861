// The one entry `deploy()` calls for an image: build it when asked, push it when asked, and return the reference
// that goes into the deployment's `job_variables.image` (with the digest the registry stored, when pushed).
import type Dockerode from "dockerode";
import { connectDocker } from "../../docker/index.js";
import { buildImage, printProgress } from "./build-image.js";
import { DeploymentImage, type DeploymentImageSettings } from "./deployment-image.js";
import { checkImageRunsPrefectTs } from "./image-check.js";
import type { DockerCredentialsOptions } from "./docker-credentials.js";
import { parseImageReference } from "./image-reference.js";
import { pushImage } from "./push-image.js";

/** Options of {@link prepareDeploymentImage}. */
export interface PrepareDeploymentImageOptions {
  /** Build the image. @default true */
  build?: boolean;
  /** Push it to its registry. @default true (as Prefect) */
  push?: boolean;
  /** Receives build and push output lines. @default writes to stdout */
  onProgress?: (line: string) => void;
  /** Show a generated Dockerfile through `onProgress`. @default false */
  printDockerfile?: boolean;
  /** Check the built image runs `prefect-ts` (see checkImageRunsPrefectTs) before pushing it. @default true */
  check?: boolean;
  /** Pull the base image before building. @default false */
  pull?: boolean;
  /** The engine. @default connectDocker() (DOCKER_HOST), connected only when building or pushing */
  docker?: Dockerode;
  /** Registry credentials source. @default the Docker CLI's config file */
  credentials?: DockerCredentialsOptions;
  /** Settings for `DeploymentImage.from` on a string. @default resolveSettings() */
  settings?: DeploymentImageSettings;
}

/** What {@link prepareDeploymentImage} did. */
export interface PreparedImage {
  /** `name:tag`: the value for `job_variables.image`. */
  reference: string;
  /** `sha256:...` when pushed; `${reference}@${digest}` pins exactly what was pushed. */
  digest?: string;
  /** The built image's id, when built. */
  imageId?: string;
}

/**
 * Builds (`build`) and pushes (`push`) the image of a deployment, once, and returns its reference. With neither, the
 * image is expected to exist where workers pull from and a string is returned exactly as given.
 * A built image is checked to run `prefect-ts` before it is pushed.
 * @throws ConfigError for an invalid image; ImageBuildError; ImageCheckError (prefect-ts not on the image's PATH);
 *   ImagePushError (then nothing should be registered)
 * @throws DockerUnavailableError when building or pushing and no engine answers
 * @example
 * const { reference } = await prepareDeploymentImage(new DeploymentImage({ name: "etl", tag: "v1" }), { push: false });
 * // job_variables: { image: reference }
 */
export async function prepareDeploymentImage(
  image: string | DeploymentImage,
  options: PrepareDeploymentImageOptions = {},
): Promise<PreparedImage> {
  const build = options.build ?? true;
  const push = options.push ?? true;
  const resolved = DeploymentImage.from(image, options.settings);
  if (!build && !push) return { reference: typeof image === "string" ? image.trim() : resolved.reference };
  const onProgress = options.onProgress ?? printProgress;
  const docker = options.docker ?? (await connectDocker());
  // An image string pushed without building names an existing image: untagged means `latest`, not a new time tag.
  const existing = typeof image === "string" && !build ? parseImageReference(image) : undefined;
  const reference =
    existing === undefined ? `${resolved.name}:${resolved.tag}` : `${existing.name}:${existing.tag ?? "latest"}`;
  const result: PreparedImage = { reference };
  if (build) {
    const built = await buildImage(resolved, {
      docker,
      onProgress,
      ...(options.printDockerfile === undefined ? {} : { printDockerfile: options.printDockerfile }),
      ...(options.pull === undefined ? {} : { pull: options.pull }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
    result.imageId = built.imageId;
    // Before the push and before any deployment is written: an image whose runs could not start is refused here,
    // not found out by every run crashing with `exec prefect-ts failed` (exit 127).
    if (options.check ?? true) await checkImageRunsPrefectTs(docker, reference);
  }
  if (push) {
    result.digest = await pushImage(reference, {
      docker,
      onProgress,
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
  }
  return result;
}
