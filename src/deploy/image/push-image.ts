// Pushing a built image to its registry through the Engine API, with credentials from the Docker config file, and
// reading the pushed digest back from the stream. Failures are ImagePushErrors naming the registry and the fix.
import type Dockerode from "dockerode";
import { connectDocker } from "../../docker/index.js";
import type { DockerProgressEvent } from "./build-output.js";
import { dockerConfigPath, resolveRegistryAuth, type DockerCredentialsOptions } from "./docker-credentials.js";
import { ImagePushError } from "./image-errors.js";
import { parseImageReference, registryDisplayName, registryOf } from "./image-reference.js";

/** Options of {@link pushImage}. */
export interface PushImageOptions {
  /** The engine. @default connectDocker() (DOCKER_HOST) */
  docker?: Dockerode;
  /** Receives push progress lines (one per layer state change). @default writes to stdout */
  onProgress?: (line: string) => void;
  /** Where registry credentials come from. @default the Docker CLI's config file */
  credentials?: DockerCredentialsOptions;
}

const AUTH_FAILURE = /unauthori[sz]ed|denied|authentication required|no basic auth credentials|forbidden|401|403/i;
const UNREACHABLE =
  /connection refused|no such host|i\/o timeout|dial tcp|no route to host|server gave HTTP response to HTTPS client|timeout|EOF/i;

/** The fix to suggest for a push error message. */
function pushFix(message: string, registry: string, configFile: string): string {
  const name = registryDisplayName(registry);
  if (AUTH_FAILURE.test(message)) {
    return `Log in with \`docker login ${name}\` (prefect-ts reads the credentials from ${configFile}) and try again.`;
  }
  if (UNREACHABLE.test(message)) {
    return `Check that the registry ${name} is running and reachable from the Docker Engine (a plain-http registry must be listed in the engine's insecure-registries), or push elsewhere.`;
  }
  return `Check the registry ${name} and your access to it (\`docker login ${name}\`), then try again.`;
}

function followPush(
  docker: Dockerode,
  stream: NodeJS.ReadableStream,
  onEvent: (event: DockerProgressEvent) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()), onEvent);
  });
}

/**
 * Pushes `reference` (`name:tag`; `latest` when untagged) to the registry of its name and returns the digest the
 * registry stored (`sha256:...`), so the deployment can pin `name:tag@sha256:...`.
 * @throws ImagePushError when the image is missing locally, the registry is unreachable or refuses the credentials
 * @throws DockerUnavailableError when no engine answers
 * @example const digest = await pushImage("127.0.0.1:5000/etl:v1");
 */
export async function pushImage(reference: string, options: PushImageOptions = {}): Promise<string> {
  const onProgress = options.onProgress ?? ((line: string) => process.stdout.write(`${line}\n`));
  const { name, tag = "latest" } = parseImageReference(reference);
  const registry = registryOf(name);
  const configFile = options.credentials?.configFile ?? dockerConfigPath(options.credentials?.env);
  const failure = (message: string, cause?: unknown): ImagePushError =>
    new ImagePushError(
      `Pushing image "${name}:${tag}" to ${registryDisplayName(registry)} failed: ${message}. ${pushFix(message, registry, configFile)}`,
      { reference: `${name}:${tag}`, registry: registryDisplayName(registry) },
      cause === undefined ? undefined : { cause },
    );
  const docker = options.docker ?? (await connectDocker());
  // The engine wants an X-Registry-Auth header even for anonymous pushes; an empty config is what the CLI sends.
  const auth = (await resolveRegistryAuth(registry, options.credentials)) ?? { serveraddress: registry };
  let digest: string | undefined;
  let error: string | undefined;
  const lastStatus = new Map<string, string>();
  try {
    const stream = await docker.getImage(name).push({ tag, authconfig: auth });
    await followPush(docker, stream, (event) => {
      const message = event.errorDetail?.message ?? event.error;
      if (message !== undefined && message !== "") error = message;
      if (event.aux?.Digest !== undefined) digest = event.aux.Digest;
      const fromStatus =
        event.status === undefined ? undefined : /digest: (sha256:[0-9a-f]{64})/.exec(event.status)?.[1];
      if (fromStatus !== undefined) digest ??= fromStatus;
      if (event.status !== undefined) {
        const id = event.id ?? "";
        if (lastStatus.get(id) === event.status) return;
        lastStatus.set(id, event.status);
        onProgress(id === "" ? event.status : `${id}: ${event.status}`);
      }
    });
  } catch (cause) {
    const statusCode = (cause as { statusCode?: number }).statusCode;
    if (statusCode === 404) {
      throw new ImagePushError(
        `Pushing image "${name}:${tag}": no such image in the Docker Engine. Build it first (build: true), or tag an existing image as "${name}:${tag}".`,
        { reference: `${name}:${tag}`, registry: registryDisplayName(registry) },
        { cause },
      );
    }
    const message =
      (cause as { json?: { message?: string } }).json?.message ??
      (cause instanceof Error ? cause.message : String(cause));
    throw failure(message, cause);
  }
  if (error !== undefined && /does not exist locally|no such image/i.test(error)) {
    throw new ImagePushError(
      `Pushing image "${name}:${tag}": the Docker Engine has no such image (${error}). Build it first (build: true), or tag an existing image as "${name}:${tag}".`,
      { reference: `${name}:${tag}`, registry: registryDisplayName(registry) },
    );
  }
  if (error !== undefined) throw failure(error);
  if (digest === undefined) throw failure("the registry answered without a digest");
  return digest;
}
