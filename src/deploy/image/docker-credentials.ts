// Registry credentials as the Docker CLI finds them: the config file ($DOCKER_CONFIG/config.json or
// ~/.docker/config.json), its `auths` entries, and `credHelpers`/`credsStore` helpers (`docker-credential-<name> get`).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { ConfigError } from "../../errors.js";
import { processEnvironment } from "../../settings/index.js";
import { DOCKER_HUB_REGISTRY } from "./image-reference.js";

/** Credentials for one registry, in the shape of the Engine API's `X-Registry-Auth`. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  /** An OAuth refresh token (`identitytoken` in the config file, or a helper's `<token>` user). */
  identitytoken?: string;
  serveraddress: string;
}

/** Options of {@link resolveRegistryAuth}. */
export interface DockerCredentialsOptions {
  /** Read for DOCKER_CONFIG. @default processEnvironment() */
  env?: Record<string, string | undefined>;
  /** The config file to read. @default $DOCKER_CONFIG/config.json, else ~/.docker/config.json */
  configFile?: string;
  /** Runs `docker-credential-<helper> get` with `serverUrl` on stdin and returns its stdout (tests replace it). */
  runHelper?: (helper: string, serverUrl: string) => Promise<string>;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The Docker CLI's config file path: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: Record<string, string | undefined> = processEnvironment()): string {
  const dir =
    env.DOCKER_CONFIG !== undefined && env.DOCKER_CONFIG !== "" ? env.DOCKER_CONFIG : path.join(homedir(), ".docker");
  return path.join(dir, "config.json");
}

function readConfig(file: string): DockerConfigFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return {};
  }
  try {
    return JSON.parse(text) as DockerConfigFile;
  } catch (error) {
    throw new ConfigError(
      `The Docker config file ${file} is not valid JSON (${(error as Error).message}). Fix or remove it.`,
      "DOCKER_CONFIG",
      { cause: error },
    );
  }
}

/** The Docker CLI's `ConvertToHostname`: drops the scheme and any path. */
function hostnameOf(key: string): string {
  return key.replace(/^https?:\/\//, "").split("/")[0] ?? key;
}

/** The `auths` key the Docker CLI uses for a registry: the Docker Hub URL, or the host. */
function keysMatch(key: string, registry: string): boolean {
  if (key === registry) return true;
  if (registry === DOCKER_HUB_REGISTRY)
    return ["index.docker.io", "docker.io", "registry-1.docker.io"].includes(hostnameOf(key));
  return hostnameOf(key) === registry;
}

function runCredentialHelper(helper: string, serverUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(`docker-credential-${helper}`, ["get"], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      // Helpers answer "credentials not found in native keychain" on stdout with a non-zero code: no credentials.
      if (code === 0) resolve(stdout);
      else if (/credentials not found/i.test(stdout + stderr)) resolve("");
      else reject(new Error((stderr || stdout).trim() || `exit code ${String(code)}`));
    });
    child.stdin.end(serverUrl);
  });
}

async function fromHelper(
  helper: string,
  registry: string,
  configFile: string,
  run: NonNullable<DockerCredentialsOptions["runHelper"]>,
): Promise<RegistryAuth | undefined> {
  let output: string;
  try {
    output = await run(helper, registry);
  } catch (error) {
    const missing = (error as { code?: string }).code === "ENOENT";
    throw new ConfigError(
      missing
        ? `The Docker config file ${configFile} uses the credential helper "${helper}", but docker-credential-${helper} is not on PATH. Install it, or remove "${helper}" from credsStore/credHelpers and run \`docker login\`.`
        : `docker-credential-${helper} could not read the credentials of ${registry}: ${(error as Error).message}`,
      "DOCKER_CONFIG",
      { cause: error },
    );
  }
  if (output.trim() === "") return undefined;
  const parsed = JSON.parse(output) as { Username?: string; Secret?: string };
  if (parsed.Username === undefined || parsed.Secret === undefined || parsed.Secret === "") return undefined;
  return parsed.Username === "<token>"
    ? { identitytoken: parsed.Secret, serveraddress: registry }
    : { username: parsed.Username, password: parsed.Secret, serveraddress: registry };
}

/**
 * The credentials for `registry` (a host such as `127.0.0.1:5000`, or {@link DOCKER_HUB_REGISTRY}), as the Docker CLI
 * finds them: `credHelpers[registry]`, else `credsStore`, else the `auths` entry (`auth` = base64 `user:password`, or
 * `identitytoken`). Undefined when there are none (anonymous push).
 * @throws ConfigError for an unreadable config file or a configured helper that is missing or fails
 */
export async function resolveRegistryAuth(
  registry: string,
  options: DockerCredentialsOptions = {},
): Promise<RegistryAuth | undefined> {
  const configFile = options.configFile ?? dockerConfigPath(options.env);
  const config = readConfig(configFile);
  const run = options.runHelper ?? runCredentialHelper;
  const helperKey = Object.keys(config.credHelpers ?? {}).find((key) => keysMatch(key, registry));
  const helper = helperKey === undefined ? config.credsStore : config.credHelpers?.[helperKey];
  if (helper !== undefined && helper !== "") {
    const found = await fromHelper(helper, registry, configFile, run);
    if (found !== undefined) return found;
  }
  const key = Object.keys(config.auths ?? {}).find((candidate) => keysMatch(candidate, registry));
  const entry = key === undefined ? undefined : config.auths?.[key];
  if (entry === undefined) return undefined;
  if (entry.identitytoken !== undefined && entry.identitytoken !== "")
    return { identitytoken: entry.identitytoken, serveraddress: registry };
  if (entry.auth !== undefined && entry.auth !== "") {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0)
      throw new ConfigError(
        `The "auth" of ${key ?? registry} in ${configFile} is not base64 "user:password". Run \`docker login ${registry}\` again.`,
        "DOCKER_CONFIG",
      );
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), serveraddress: registry };
  }
  if (entry.username !== undefined && entry.password !== undefined)
    return { username: entry.username, password: entry.password, serveraddress: registry };
  return undefined;
}
