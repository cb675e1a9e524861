// The connection to a Docker Engine, shared by image builds (deploy/image/) and the Docker worker (worker/docker/):
// dockerode over the socket or URL of DOCKER_HOST (docker-modem reads it as the Docker CLI does; default
// /var/run/docker.sock), checked with a ping so that an engine that is not running is one clear error.
import type Dockerode from "dockerode";
import { PrefectError } from "../errors.js";

/** The Docker Engine cannot be reached: the message names where it was looked for and how to start one. */
export class DockerUnavailableError extends PrefectError {
  override readonly name = "DockerUnavailableError";
}

/** Where a dockerode client connects, as a user would write it: `unix:///var/run/docker.sock`, `tcp://host:2375`. */
export function dockerAddress(docker: Dockerode): string {
  const modem = docker.modem as unknown as {
    socketPath?: string;
    host?: string;
    port?: number | string;
    protocol?: string;
  };
  if (modem.socketPath) return `unix://${modem.socketPath}`;
  return `${modem.protocol === "https" ? "https" : "tcp"}://${modem.host ?? "localhost"}${modem.port ? `:${String(modem.port)}` : ""}`;
}

/** The message for an engine that did not answer at `address`. */
export function dockerUnavailableMessage(address: string, reason: string): string {
  return (
    `Cannot reach the Docker Engine at ${address} (${reason}). Start Docker (e.g. \`sudo systemctl start docker\`, ` +
    `or \`dockerd\`), or point DOCKER_HOST at a running engine (e.g. DOCKER_HOST=unix:///run/user/1000/docker.sock).`
  );
}

/**
 * A dockerode client for the engine of DOCKER_HOST (or the default socket), after a ping.
 * @throws DockerUnavailableError when no engine answers, naming the address and how to start one
 * @example const docker = await connectDocker(); await docker.listContainers();
 */
export async function connectDocker(
  options: { /** How long the ping may take. @default 10000 */ timeoutMs?: number } = {},
): Promise<Dockerode> {
  const { default: Docker } = await import("dockerode");
  // No request timeout on the client itself: a build uploading a large context, a pull, or a wait on a container's
  // exit may take as long as they take. Only the ping is bounded, so a hung engine is an error, not a hang.
  const docker = new Docker();
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === "ENOENT"
        ? "no such socket"
        : code === "ECONNREFUSED"
          ? "connection refused"
          : code === "EACCES"
            ? "permission denied"
            : error instanceof Error
              ? error.message
              : String(error);
    throw new DockerUnavailableError(dockerUnavailableMessage(dockerAddress(docker), reason), { cause: error });
  } finally {
    clearTimeout(timer);
  }
  return docker;
}
