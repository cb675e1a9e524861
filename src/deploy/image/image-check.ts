// Checking a built image at deploy time, before any deployment is written: the Docker worker starts every run with
// `prefect-ts flow-run execute`, so the image must have `prefect-ts` on its PATH. Starting the run's container is
// src/worker/docker/container-run.ts; this only runs `prefect-ts --version` once, without a network.
import type Dockerode from "dockerode";
import { dockerAddress } from "../../docker/index.js";
import { ImageCheckError } from "./image-errors.js";

/** How long `prefect-ts --version` may take in the image (Node starting in a container on a busy machine). */
const CHECK_TIMEOUT_MS = 120_000;

/** What a user Dockerfile needs for prefect-ts to be its `prefect-ts` command: the README's advice, in one place. */
export const USER_DOCKERFILE_NEEDS =
  "Install prefect-ts in the image and put its command on PATH, e.g. with prefect-ts in package.json's dependencies: " +
  "`COPY package*.json ./`, `RUN npm ci`, `ENV PATH=/<your WORKDIR>/node_modules/.bin:$PATH` " +
  "(or `RUN npm install prefect-ts` then that ENV line, or `RUN npm link prefect-ts`; a tarball or folder of prefect-ts " +
  'must be copied into the image first). Or leave the Dockerfile to prefect-ts: dockerfile: "auto".';

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | null)?.statusCode;
}

/** The engine's reason without its runtime prefix: `exec: "prefect-ts": executable file not found in $PATH`. */
function startFailure(error: unknown): string {
  const raw = (
    (error as { json?: { message?: string } } | null)?.json?.message ??
    (error instanceof Error ? error.message : String(error))
  ).trim();
  const match = /unable to start container process: (.*?)(?:: unknown)?$/.exec(raw);
  return match?.[1] ?? raw;
}

/** The container's output (stdout and stderr), demultiplexed and trimmed. */
async function outputOf(container: Dockerode.Container): Promise<string> {
  const raw = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  const lines: string[] = [];
  // A non-TTY log is frames of [stream, 0, 0, 0, size(4 bytes BE), payload].
  for (let offset = 0; offset + 8 <= raw.length;) {
    const size = raw.readUInt32BE(offset + 4);
    lines.push(raw.subarray(offset + 8, offset + 8 + size).toString("utf8"));
    offset += 8 + size;
  }
  return lines.join("").trim();
}

/**
 * Runs `prefect-ts --version` in a throwaway container of `reference` (the image's own ENTRYPOINT applies, as it does
 * to the worker's runs) and removes it. Resolves with the version it printed.
 * @throws ImageCheckError naming what failed and what the Dockerfile needs, when the command cannot start, exits
 *   non-zero or does not answer
 */
export async function checkImageRunsPrefectTs(docker: Dockerode, reference: string): Promise<string> {
  const image = await docker.getImage(reference).inspect();
  const entrypoint = image.Config?.Entrypoint;
  const wrapped =
    Array.isArray(entrypoint) && entrypoint.length > 0 ? ` (through its ENTRYPOINT ${JSON.stringify(entrypoint)})` : "";
  const fail = (what: string): ImageCheckError =>
    new ImageCheckError(
      `Image "${reference}" cannot run flows: the Docker worker starts each run with \`prefect-ts flow-run execute\`, and in ` +
        `this image \`prefect-ts --version\`${wrapped} ${what}. ${USER_DOCKERFILE_NEEDS} Nothing was deployed.`,
      { reference },
    );
  const container = await docker.createContainer({
    Image: reference,
    Cmd: ["prefect-ts", "--version"],
    HostConfig: { NetworkMode: "none" },
    Labels: { "io.prefect-ts.image-check": "true" },
  });
  try {
    try {
      await container.start();
    } catch (error) {
      if (statusOf(error) === undefined) throw error;
      throw fail(`could not start (${startFailure(error)}; exit code 127)`);
    }
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      container.wait() as Promise<{ StatusCode?: number }>,
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), CHECK_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (result === undefined)
      throw fail(`did not finish within ${CHECK_TIMEOUT_MS / 1000} s on the engine at ${dockerAddress(docker)}`);
    const output = await outputOf(container).catch(() => "");
    if (result.StatusCode !== 0) {
      // The line that says why (Node's `Error [ERR_MODULE_NOT_FOUND]: Cannot find package ...`), else the last one.
      const lines = output
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "");
      const why = lines.find((line) => /^\w*Error\b|^Error \[/.test(line)) ?? lines[lines.length - 1] ?? "";
      throw fail(`exited with code ${String(result.StatusCode)}${why === "" ? "" : ` (${JSON.stringify(why)})`}`);
    }
    return output;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
