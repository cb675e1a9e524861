// What each project step does, by the names of Prefect's `deployments/steps` (run_shell_script, git_clone,
// set_working_directory, build_docker_image, push_docker_image) plus npm_install, our pip_install_requirements.
// Templating and order are steps.ts's job; every function gets its arguments resolved and returns its outputs.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { split as shlexSplit } from "shlex";
import { ConfigError, StepExecutionError } from "../../errors.js";

/** Where a step runs. */
export interface StepEnvironment {
  /** The current directory of the step list. */
  readonly cwd: string;
  readonly env: Record<string, string | undefined>;
  /** Receives each output line of the commands the step runs. */
  readonly onOutput: (line: string) => void;
  /** "pull step 2 (prefect_ts.deployments.steps.git_clone)", for messages. */
  readonly where: string;
}

/** A step: resolved arguments in, outputs out (`directory` moves the steps after it, as in Prefect). */
export type StepFunction = (args: Record<string, unknown>, at: StepEnvironment) => Promise<Record<string, unknown>>;

/** How many output lines a failed step's error ends with. */
const LAST_LINES = 15;

function str(args: Record<string, unknown>, key: string, at: StepEnvironment, required: true): string;
function str(args: Record<string, unknown>, key: string, at: StepEnvironment, required?: false): string | undefined;
function str(args: Record<string, unknown>, key: string, at: StepEnvironment, required = false): string | undefined {
  const value = args[key];
  if (value === undefined || value === null || value === "") {
    if (required) throw new ConfigError(`${at.where}: "${key}" is required.`, key);
    return undefined;
  }
  if (typeof value !== "string" && typeof value !== "number")
    throw new ConfigError(`${at.where}: "${key}" must be a string, got ${JSON.stringify(value)}.`, key);
  return String(value);
}

function bool(args: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = args[key];
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return !["false", "0", "no", ""].includes(value.toLowerCase());
  return fallback;
}

/** Runs one command (argv, no shell), streaming its lines; resolves with stdout and stderr, rejects with the last lines. */
function runCommand(
  argv: string[],
  at: StepEnvironment,
  options: { cwd: string; env: Record<string, string | undefined>; stream: boolean; shown?: string },
): Promise<{ stdout: string; stderr: string }> {
  const shown = options.shown ?? argv.join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: string[] = [];
    const err: string[] = [];
    const tail: string[] = [];
    const keep = (into: string[], line: string): void => {
      into.push(line);
      tail.push(line);
      if (tail.length > LAST_LINES) tail.shift();
      if (options.stream) at.onOutput(line);
    };
    const partial = new Map<string[], string>([
      [out, ""],
      [err, ""],
    ]);
    const take =
      (into: string[]) =>
      (chunk: Buffer): void => {
        const lines = (partial.get(into)! + chunk.toString("utf8")).split("\n");
        partial.set(into, lines.pop()!);
        for (const line of lines) keep(into, line);
      };
    // A last line without a newline (`cat` of a file without one) is output too.
    const flush = (): void => {
      for (const [into, rest] of partial) if (rest !== "") keep(into, rest);
      partial.clear();
    };
    child.stdout.on("data", take(out));
    child.stderr.on("data", take(err));
    child.on("error", (error) => {
      const hint = (error as NodeJS.ErrnoException).code === "ENOENT" ? ` "${argv[0]}" was not found on PATH.` : "";
      reject(
        new StepExecutionError(`${at.where} failed: could not run \`${shown}\`: ${error.message}.${hint}`, at.where, {
          cause: error,
        }),
      );
    });
    child.on("close", (code, signal) => {
      flush();
      if (code === 0) return resolve({ stdout: out.join("\n"), stderr: err.join("\n") });
      const how = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      const last = tail.length > 0 ? `\nLast output:\n  ${tail.join("\n  ")}` : "";
      reject(new StepExecutionError(`${at.where} failed: \`${shown}\` ${how}.${last}`, at.where));
    });
  });
}

/** `$VAR` and `${VAR}` replaced by the environment's values (unset ones by ""), as Prefect's expand_env_vars. */
function expandEnvVars(text: string, env: Record<string, string | undefined>): string {
  return text.replace(
    /\$(?:\{(\w+)\}|(\w+))/g,
    (_m, braced: string | undefined, bare: string | undefined) => env[(braced ?? bare)!] ?? "",
  );
}

function directoryArg(args: Record<string, unknown>, at: StepEnvironment): string {
  const dir = str(args, "directory", at);
  return dir === undefined ? at.cwd : path.resolve(at.cwd, dir);
}

function envArg(args: Record<string, unknown>, at: StepEnvironment): Record<string, string | undefined> {
  const extra = args.env;
  if (extra === undefined || extra === null) return at.env;
  if (typeof extra !== "object" || Array.isArray(extra))
    throw new ConfigError(`${at.where}: "env" must be a mapping of names to values.`, "env");
  // A value that is an object (a whole `{{ prefect.variables.x }}` holding JSON) reaches the command as JSON.
  const text = (v: unknown): string | undefined =>
    v === null ? undefined : typeof v === "object" ? JSON.stringify(v) : String(v);
  return { ...at.env, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, text(v)])) };
}

/** Runs each line of `script` as a command (split as a shell would, but not run by one unless `shell: true`). */
const runShellScript: StepFunction = async (args, at) => {
  const script = str(args, "script", at, true);
  const cwd = directoryArg(args, at);
  const env = envArg(args, at);
  const stream = bool(args, "stream_output", true);
  const expand = bool(args, "expand_env_vars", false);
  const shell = bool(args, "shell", false);
  const stdout: string[] = [];
  const stderr: string[] = [];
  for (const rawLine of script.split("\n")) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const command = expand ? expandEnvVars(line, env) : line;
    let argv: string[];
    try {
      argv = shell ? ["/bin/sh", "-c", command] : shlexSplit(command);
    } catch (error) {
      throw new ConfigError(`${at.where}: cannot split \`${line}\`: ${(error as Error).message}.`, "script", {
        cause: error,
      });
    }
    if (argv.length === 0) continue;
    const result = await runCommand(argv, at, { cwd, env, stream, shown: command });
    stdout.push(result.stdout);
    stderr.push(result.stderr);
  }
  return { stdout: stdout.join("\n").trim(), stderr: stderr.join("\n").trim() };
};

/** Changes the directory of the steps after it (and of a run's entrypoint, for pull steps). */
const setWorkingDirectory: StepFunction = async (args, at) => {
  const directory = path.resolve(at.cwd, str(args, "directory", at, true));
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new StepExecutionError(`${at.where} failed: directory ${directory} does not exist.`, at.where);
  }
  return { directory };
};

/** The URL to clone with an access token written in as Prefect's git_clone does (`https://<token>@host/...`). */
function authenticatedUrl(repository: string, token: string | undefined): string {
  if (!token || !/^https?:\/\//.test(repository)) return repository;
  const url = new URL(repository);
  // GitLab wants "oauth2:<token>"; other hosts take the token as the user name, as Prefect writes it.
  url.username = url.hostname.includes("gitlab") ? "oauth2" : token;
  if (url.hostname.includes("gitlab")) url.password = token;
  return url.toString();
}

/** The credentials' token: `access_token`, or `credentials.token` / `credentials.access_token` (a variable's value). */
function tokenOf(args: Record<string, unknown>): string | undefined {
  if (typeof args.access_token === "string" && args.access_token) return args.access_token;
  const credentials = args.credentials;
  if (credentials && typeof credentials === "object") {
    const c = credentials as Record<string, unknown>;
    for (const key of ["token", "access_token", "password"])
      if (typeof c[key] === "string" && c[key]) return c[key] as string;
  }
  if (typeof credentials === "string" && credentials) return credentials;
  return undefined;
}

/** Never show a token: the URL as the user wrote it, with any credentials in it masked. */
function safeUrl(repository: string): string {
  return repository.replace(/\/\/[^/@]+@/, "//***@");
}

/** Clones a git repository into the current directory (`<repo>` or `<repo>-<branch>`) and moves the steps into it. */
const gitClone: StepFunction = async (args, at) => {
  const repository = str(args, "repository", at, true);
  const branch = str(args, "branch", at);
  const commit = str(args, "commit_sha", at);
  if (branch && commit) throw new ConfigError(`${at.where}: give "branch" or "commit_sha", not both.`, "commit_sha");
  const repoName = path.basename(repository.replace(/\/+$/, "")).replace(/\.git$/, "");
  const name = str(args, "clone_directory_name", at) ?? (branch ? `${repoName}-${branch}` : repoName);
  const directory = path.resolve(at.cwd, name);
  const url = authenticatedUrl(repository, tokenOf(args));
  const env = { ...at.env, GIT_TERMINAL_PROMPT: "0" };
  const quiet = { cwd: at.cwd, env, stream: false };
  const shown = `git clone ${safeUrl(repository)}`;
  mkdirSync(at.cwd, { recursive: true });
  if (existsSync(path.join(directory, ".git"))) {
    // Already cloned (a deploy run twice): bring it up to date instead of failing on an existing directory.
    await runCommand(["git", "-C", directory, "fetch", "--quiet", "origin", ...(branch ? [branch] : [])], at, {
      ...quiet,
      shown: `git fetch (${safeUrl(repository)})`,
    });
    await runCommand(["git", "-C", directory, "reset", "--quiet", "--hard", commit ?? "FETCH_HEAD"], at, {
      ...quiet,
      shown: "git reset --hard",
    });
  } else {
    const argv = [
      "git",
      "clone",
      "--quiet",
      ...(commit ? [] : ["--depth", "1"]),
      ...(branch ? ["--branch", branch] : []),
      ...(bool(args, "include_submodules", false) ? ["--recurse-submodules"] : []),
      url,
      directory,
    ];
    // Prefect retries a clone three times: networks and git hosts fail transiently.
    for (let attempt = 1; ; attempt++) {
      try {
        await runCommand(argv, at, { ...quiet, shown });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    if (commit)
      await runCommand(["git", "-C", directory, "checkout", "--quiet", commit], at, {
        ...quiet,
        shown: `git checkout ${commit}`,
      });
  }
  return { directory };
};

/** `npm ci` when the directory has a lockfile, else `npm install` (our counterpart of pip_install_requirements). */
const npmInstall: StepFunction = async (args, at) => {
  const cwd = directoryArg(args, at);
  const locked = ["package-lock.json", "npm-shrinkwrap.json"].some((file) => existsSync(path.join(cwd, file)));
  const extra =
    typeof args.args === "string" ? shlexSplit(args.args) : Array.isArray(args.args) ? args.args.map(String) : [];
  const argv = ["npm", locked ? "ci" : "install", "--no-audit", "--no-fund", ...extra];
  const result = await runCommand(argv, at, { cwd, env: at.env, stream: bool(args, "stream_output", true) });
  return { ...result, directory_installed: cwd };
};

/** Builds an image with the same code as `deploy()`'s (a generated Dockerfile with `dockerfile: auto`). */
const buildDockerImage: StepFunction = async (args, at) => {
  const imageName = str(args, "image_name", at, true);
  const { DeploymentImage } = await import("../image/deployment-image.js");
  const { buildImage } = await import("../image/build-image.js");
  const buildArgs = args.buildargs ?? args.build_args;
  const image = new DeploymentImage({
    name: imageName,
    ...(str(args, "tag", at) ? { tag: str(args, "tag", at)! } : {}),
    dockerfile: str(args, "dockerfile", at) ?? "Dockerfile",
    context: path.resolve(at.cwd, str(args, "path", at) ?? "."),
    ...(buildArgs && typeof buildArgs === "object"
      ? { buildArgs: Object.fromEntries(Object.entries(buildArgs).map(([k, v]) => [k, String(v)])) }
      : {}),
    ...(str(args, "platform", at) ? { platform: str(args, "platform", at)! } : {}),
    ...(str(args, "dependencies", at) ? { dependencies: str(args, "dependencies", at) as "install" | "copy" } : {}),
  });
  const [{ connectDocker }, { checkImageRunsPrefectTs }] = await Promise.all([
    import("../../docker/index.js"),
    import("../image/image-check.js"),
  ]);
  const docker = await connectDocker();
  const built = await buildImage(image, { onProgress: at.onOutput, docker });
  // As deploy() does: an image whose runs could not start `prefect-ts` is refused before anything is pushed or written.
  await checkImageRunsPrefectTs(docker, image.reference);
  return {
    image_name: image.name,
    tag: image.tag,
    image: image.reference,
    image_id: built.imageId,
    additional_tags: [],
  };
};

/** Pushes an image built by build_docker_image (credentials from the Docker config file, as `deploy()`). */
const pushDockerImage: StepFunction = async (args, at) => {
  const imageName = str(args, "image_name", at, true);
  const tag = str(args, "tag", at);
  const reference = tag ? `${imageName}:${tag}` : imageName;
  const { pushImage } = await import("../image/push-image.js");
  const digest = await pushImage(reference, { onProgress: at.onOutput });
  return { image_name: imageName, tag: tag ?? "latest", image: reference, digest, additional_tags: [] };
};

/** The steps prefect-ts runs, by function name (the namespace is checked by steps.ts). */
export const STEP_FUNCTIONS: Readonly<Record<string, StepFunction>> = {
  run_shell_script: runShellScript,
  set_working_directory: setWorkingDirectory,
  git_clone: gitClone,
  npm_install: npmInstall,
  build_docker_image: buildDockerImage,
  push_docker_image: pushDockerImage,
};
