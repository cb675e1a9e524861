// Making a job's image present on the engine by its pull policy (prefect-docker's `_should_pull_image` and
// `_pull_image`): a pull whose progress stream reports an error is a failed pull, not a silent use of a stale image.
import type Dockerode from "dockerode";
import type { RegistryAuth } from "../../deploy/index.js";
import { dockerAddress } from "../../docker/index.js";
import { PrefectError } from "../../errors.js";
import type { ImagePullPolicy } from "./docker-job-template.js";

/** A job's image could not be pulled, or is absent under the `Never` policy. */
export class ImagePullError extends PrefectError {
  override readonly name = "ImagePullError";
  /** The image reference. */
  readonly image: string;
  constructor(message: string, image: string, options?: { cause?: unknown }) {
    super(message, options);
    this.image = image;
  }
}

/** The credentials of `image`'s registry from the Docker config file, as the Docker CLI finds them (none: anonymous). */
export async function registryAuthFor(image: string): Promise<RegistryAuth | undefined> {
  // Loaded on a pull only: the deploy layer's surface is not otherwise part of a worker (or a server hosting one).
  const { importDockerCredentials, parseImageReference, registryOf } = await import("../../deploy/index.js");
  const { resolveRegistryAuth } = await importDockerCredentials();
  return resolveRegistryAuth(registryOf(parseImageReference(image).name));
}

/** Options of {@link ensureImage}. */
export interface EnsureImageOptions {
  /** Where progress messages go. */
  log?: (message: string) => void;
  /** Credentials of the image's registry. @default {@link registryAuthFor} (the Docker config file), read only for a pull */
  auth?: RegistryAuth;
}

/** Whether the engine has `image` (by reference or id). */
export async function imagePresent(docker: Dockerode, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** Pulls `image`, following its progress to the end. @throws Error with the registry's message when the pull fails. */
async function pullImage(docker: Dockerode, image: string, auth: RegistryAuth | undefined): Promise<void> {
  const stream = (await docker.pull(image, auth ? { authconfig: auth } : {})) as NodeJS.ReadableStream;
  await new Promise<void>((resolvePull, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolvePull()),
      (event: { error?: string; errorDetail?: { message?: string } }) => {
        if (event.error !== undefined) reject(new Error(event.errorDetail?.message ?? event.error));
      },
    );
  });
}

/**
 * Makes `image` present by `policy`: `Always` pulls; `IfNotPresent` pulls when the engine lacks it; `Never` only checks.
 * @throws ImagePullError naming the image, the engine and the fix: a failed pull (registry unreachable, image or tag
 *   unknown, login needed), or an absent image under `Never`.
 */
export async function ensureImage(
  docker: Dockerode,
  image: string,
  policy: ImagePullPolicy,
  options: EnsureImageOptions = {},
): Promise<void> {
  if (policy !== "Always") {
    if (await imagePresent(docker, image)) return;
    if (policy === "Never") {
      throw new ImagePullError(
        `Image "${image}" is not on the Docker engine at ${dockerAddress(docker)} and job variable "image_pull_policy" is "Never". ` +
          `Build or pull it on that engine first, or set image_pull_policy to "IfNotPresent" to pull it.`,
        image,
      );
    }
  }
  options.log?.(`Pulling image '${image}'...`);
  try {
    await pullImage(docker, image, options.auth ?? (await registryAuthFor(image)));
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).trim();
    const local =
      policy === "Always"
        ? ` An image built on this machine (push: false) is not in a registry: set image_pull_policy to "IfNotPresent" or "Never" to use it.`
        : "";
    throw new ImagePullError(
      `Could not pull image "${image}" (image_pull_policy ${policy}): ${reason}. Check that its registry is reachable and ` +
        `has this image and tag (deploy with push: true to put it there), and that \`docker login\` was done for a private registry.${local}`,
      image,
      { cause: error },
    );
  }
}
