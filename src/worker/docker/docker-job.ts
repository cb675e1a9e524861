// A Docker job: a rendered `docker` job configuration prepared for one flow run (Prefect's `prepare_for_flow_run` and
// `_build_container_settings` of prefect-docker) as the Engine API's create-container body. Pure: nothing here talks
// to Docker (pulling and running are image-pull.ts and container-run.ts).
import { resolve } from "node:path";
import type { ContainerCreateOptions } from "dockerode";
import { ConfigError } from "../../errors.js";
import { PREFECT_VERSION } from "../../schemas/index.js";
import { jobEnvironment, jobLabels, resolveFlowRunPlaceholders, type FlowRunJobInfo } from "../flow-run-job.js";
import { resolveJobCommand, resolveStreamOutput } from "../job-configuration.js";
import { toDockerLabels } from "./container-labels.js";
import { DEFAULT_DOCKER_COMMAND, IMAGE_PULL_POLICIES, type ImagePullPolicy } from "./docker-job-template.js";
import { parseMemorySize } from "./memory-size.js";

/** A flow run's container, ready to create. */
export interface DockerJob {
  readonly flowRunId: string;
  readonly image: string;
  /** The policy that applies (Prefect's rule when unset: `Always` for `:latest` or no tag, else `IfNotPresent`). */
  readonly pullPolicy: ImagePullPolicy;
  readonly streamOutput: boolean;
  readonly autoRemove: boolean;
  /** The container's environment (also in `create.Env`). */
  readonly env: Record<string, string>;
  /** The body of `POST /containers/create` (dockerode's `createContainer`), `name` included. */
  readonly create: ContainerCreateOptions & { name: string };
  /** Networks to connect the container to after creating it (the first of `networks` is given at creation). */
  readonly extraNetworks: string[];
}

/** Options of {@link prepareDockerJob}. */
export interface PrepareDockerJobOptions {
  /** The worker's environment: its `PREFECT_*` variables go into the container, and `{{ $NAME }}` reads all of it. */
  readonly baseEnv: Readonly<Record<string, string>>;
  /** The directory relative bind-mount sources (`./data:/data`) are resolved against. @default process.cwd() */
  readonly baseDir?: string;
  /** The platform the engine runs on (host networking for a local API is Linux's). @default process.platform */
  readonly platform?: NodeJS.Platform;
  /** The `io.prefect.version` label. @default the Prefect version we speak */
  readonly version?: string;
}

/** Where Docker Desktop (and Linux with `host-gateway`) lets a container reach its host. */
const DOCKER_HOST_ALIAS = "host.docker.internal";
const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

function optionalString(value: unknown, field: string, example: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string")
    throw new ConfigError(
      `job variable "${field}": must be a string (got ${JSON.stringify(value)}), e.g. ${example}.`,
      field,
    );
  return value;
}

function booleanVariable(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  throw new ConfigError(
    `job variable "${field}": must be boolean (got ${JSON.stringify(value)}). Use true or false.`,
    field,
  );
}

function stringList(value: unknown, field: string, example: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item !== "")) {
    throw new ConfigError(
      `job variable "${field}": must be a list of strings (got ${JSON.stringify(value)}), e.g. ${example}.`,
      field,
    );
  }
  return value as string[];
}

/**
 * A container name by Docker's rules (`[a-zA-Z0-9][a-zA-Z0-9_.-]+`), as prefect-docker slugifies it, followed by the
 * first 8 characters of the run id so that two runs of one name never collide.
 */
export function containerName(name: string, flowRunId: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-zA-Z0-9_.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[_.-]+/, "")
    .replace(/-+$/, "")
    .slice(0, 200);
  const suffix = flowRunId.replace(/[^a-zA-Z0-9]/g, "").slice(0, 8);
  return slug === "" ? `prefect-flow-run-${suffix}` : `${slug}-${suffix}`;
}

/** The pull policy of `image` when the job sets none: Prefect's (and Kubernetes') rule. */
export function defaultPullPolicy(image: string): ImagePullPolicy {
  if (image.includes("@")) return "IfNotPresent";
  const last = image.slice(image.lastIndexOf("/") + 1);
  const colon = last.lastIndexOf(":");
  const tag = colon < 0 ? "" : last.slice(colon + 1);
  return tag === "" || tag === "latest" ? "Always" : "IfNotPresent";
}

function pullPolicy(value: unknown, image: string): ImagePullPolicy {
  if (value === undefined || value === null || value === "") return defaultPullPolicy(image);
  if (typeof value === "string" && (IMAGE_PULL_POLICIES as readonly string[]).includes(value))
    return value as ImagePullPolicy;
  throw new ConfigError(
    `job variable "image_pull_policy": ${JSON.stringify(value)} is not a pull policy. Use one of ${IMAGE_PULL_POLICIES.join(", ")}.`,
    "image_pull_policy",
  );
}

/** The host of an API URL, or undefined when it does not parse. */
function apiHost(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Volumes as Docker takes them: `src:dst[:mode]` bind mounts and named volumes (`Binds`), a lone container path as an
 * anonymous volume (`Volumes`). Relative sources (`.`, `./x`, `../x`) are resolved against `baseDir`, as Prefect does.
 */
function volumeSettings(volumes: string[], baseDir: string): { binds: string[]; anonymous: Record<string, object> } {
  const binds: string[] = [];
  const anonymous: Record<string, object> = {};
  for (const volume of volumes) {
    const colon = volume.indexOf(":");
    if (colon < 0) {
      if (!volume.startsWith("/")) {
        throw new ConfigError(
          `job variable "volumes": ${JSON.stringify(volume)} is not a volume. Use "source:/path/in/container[:ro]", e.g. "/data:/data:ro".`,
          "volumes",
        );
      }
      anonymous[volume] = {};
      continue;
    }
    const source = volume.slice(0, colon);
    if (source === "" || volume.slice(colon + 1) === "") {
      throw new ConfigError(
        `job variable "volumes": ${JSON.stringify(volume)} is not a volume. Use "source:/path/in/container[:ro]", e.g. "/data:/data:ro".`,
        "volumes",
      );
    }
    const relative = source === "." || source === ".." || source.startsWith("./") || source.startsWith("../");
    binds.push(relative ? `${resolve(baseDir, source)}${volume.slice(colon)}` : volume);
  }
  return { binds, anonymous };
}

/**
 * Prepares a rendered `docker` job configuration ({@link renderJobConfiguration} of the pool's template) for one run:
 * - `image` is required (Prefect's default image cannot run TypeScript);
 * - the command is the job's `command` split shell-like, or `prefect-ts flow-run execute <id>`;
 * - the environment is the worker's `PREFECT_*` variables only (a container is another machine: the rest of the
 *   worker's environment means nothing there), then the job's `env` (null unsets), then `PREFECT__FLOW_RUN_ID`;
 * - labels are Prefect's `prefect.io/*` ones and the job's, in Docker's form (`io.prefect.flow-run-id`);
 * - the network mode is the job's; else, on Linux with an API on a loopback address and no `networks`, `host` (as
 *   Prefect); elsewhere such an API URL is rewritten to `host.docker.internal`, mapped to the host gateway.
 * @throws ConfigError naming the job variable at fault.
 */
export function prepareDockerJob(
  configuration: Readonly<Record<string, unknown>>,
  run: FlowRunJobInfo,
  options: PrepareDockerJobOptions,
): DockerJob {
  const config = resolveFlowRunPlaceholders(configuration, run, options.baseEnv);
  const image = optionalString(config.image, "image", '"my-flows:2024-06-01"');
  if (image === undefined) {
    throw new ConfigError(
      `job variable "image" is not set: a Docker worker needs the image of your project to run flow run '${run.name ?? run.id}'. ` +
        `Deploy with an image (deploy({ image: "my-flows:v1" }) or \`prefect-ts deploy --image my-flows:v1\`), or set the ` +
        `job variable on the deployment, the run or the work pool (job_variables: { image: "my-flows:v1" }).`,
      "image",
    );
  }
  const prefectEnv = Object.fromEntries(Object.entries(options.baseEnv).filter(([key]) => key.startsWith("PREFECT_")));
  const env = jobEnvironment(prefectEnv, config.env, run.id);

  const networks = stringList(config.networks, "networks", '["my-network"]');
  let networkMode = optionalString(config.network_mode, "network_mode", '"host"');
  if (networkMode !== undefined && networks.length > 0 && networkMode !== networks[0]) {
    throw new ConfigError(
      `job variables "network_mode" (${networkMode}) and "networks" (${networks.join(", ")}) cannot both be set: Docker joins the networks in bridge mode. Keep one of them.`,
      "network_mode",
    );
  }
  const platform = options.platform ?? process.platform;
  const loopbackApi = LOOPBACK_HOSTS.test(apiHost(env.PREFECT_API_URL) ?? "");
  if (networkMode === undefined && networks.length === 0 && loopbackApi && platform === "linux") networkMode = "host";
  const extraHosts: string[] = [];
  const mode = networkMode ?? networks[0];
  if (loopbackApi && mode !== "host" && env.PREFECT_API_URL) {
    env.PREFECT_API_URL = env.PREFECT_API_URL.replace(
      `//${apiHost(env.PREFECT_API_URL) ?? ""}`,
      `//${DOCKER_HOST_ALIAS}`,
    );
    if (platform === "linux") extraHosts.push(`${DOCKER_HOST_ALIAS}:host-gateway`);
  }

  const memory = parseMemorySize(config.mem_limit, "mem_limit");
  const memorySwap = parseMemorySize(config.memswap_limit, "memswap_limit");
  if (memorySwap !== undefined && memory === undefined) {
    throw new ConfigError(
      `job variable "memswap_limit" needs "mem_limit" too (it is memory + swap). Set mem_limit, e.g. "512m", or remove memswap_limit.`,
      "memswap_limit",
    );
  }
  if (memory !== undefined && memorySwap !== undefined && memorySwap !== -1 && memorySwap < memory) {
    throw new ConfigError(
      `job variable "memswap_limit" (${String(config.memswap_limit)}) must be at least "mem_limit" (${String(config.mem_limit)}): it is memory + swap, or -1 for unlimited swap.`,
      "memswap_limit",
    );
  }
  const autoRemove = booleanVariable(config.auto_remove, "auto_remove", false);
  const privileged = booleanVariable(config.privileged, "privileged", false);
  const { binds, anonymous } = volumeSettings(
    stringList(config.volumes, "volumes", '["/data:/data:ro"]'),
    options.baseDir ?? process.cwd(),
  );
  const labels = toDockerLabels(jobLabels(run, config.labels, options.version ?? PREFECT_VERSION));
  const baseName = typeof config.name === "string" && config.name !== "" ? config.name : (run.name ?? run.id);
  const command = resolveJobCommand(config.command, [...DEFAULT_DOCKER_COMMAND, run.id]);

  const create: ContainerCreateOptions & { name: string } = {
    name: containerName(baseName, run.id),
    Image: image,
    Cmd: command,
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    Labels: labels,
    ...(Object.keys(anonymous).length > 0 ? { Volumes: anonymous } : {}),
    HostConfig: {
      AutoRemove: autoRemove,
      Privileged: privileged,
      // An init process as PID 1 forwards signals: Node as PID 1 ignores SIGTERM, so cancelling would wait for SIGKILL.
      Init: true,
      ...(mode === undefined ? {} : { NetworkMode: mode }),
      ...(binds.length > 0 ? { Binds: binds } : {}),
      ...(memory === undefined ? {} : { Memory: memory }),
      ...(memorySwap === undefined ? {} : { MemorySwap: memorySwap }),
      ...(extraHosts.length > 0 ? { ExtraHosts: extraHosts } : {}),
    },
    ...(networks.length > 0 ? { NetworkingConfig: { EndpointsConfig: { [networks[0]!]: {} } } } : {}),
  };
  return {
    flowRunId: run.id,
    image,
    pullPolicy: pullPolicy(config.image_pull_policy, image),
    streamOutput: resolveStreamOutput(config.stream_output),
    autoRemove,
    env,
    create,
    extraNetworks: networks.slice(1),
  };
}
