// A user's project as the Docker tutorial has it: package.json with prefect-ts installed from this repository's
// packed tarball (as from the registry), my_flow.ts, a Dockerfile FROM the local Node base image, and a deploy
// script. Its CLI is the installed bin. Made once per test file, in a temp directory.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { runNode, type NodeResult } from "../helpers/run-node.js";

/** The local Node base image that scripts/docker/engine.sh made (stands in for node:<major>-slim). */
export const BASE_IMAGE =
  process.env.PREFECT_DOCKER_BASE_IMAGE ?? `prefect-ts-node:${process.versions.node.split(".")[0]}`;

const ROOT = resolve(import.meta.dirname, "../..");

/** The tutorial's flow: logs a line naming the repository (no network in tests). */
const MY_FLOW = `import { flow } from "prefect-ts";

export const getRepoInfo = flow({ logPrints: true }, async function getRepoInfo(repoName: string = "PrefectHQ/prefect") {
  console.log(\`\${repoName} repository statistics 🤓:\`);
  if (process.env.SLEEP_MS) await new Promise((r) => setTimeout(r, Number(process.env.SLEEP_MS)));
  return repoName;
});
`;

/** The tutorial's custom Dockerfile: the project copied into the image, its bin on PATH. */
const DOCKERFILE = `FROM ${BASE_IMAGE}
WORKDIR /opt/prefect/tutorial
COPY . .
ENV PATH=/opt/prefect/tutorial/node_modules/.bin:/usr/local/bin:/usr/bin:/bin
`;

/**
 * What a container never needs, kept out of the build context (a smaller context is a faster build): the TypeScript
 * compiler (parameter schemas are derived at deploy time, on the host) and SQLite's sources.
 */
const DOCKERIGNORE = `node_modules/typescript
node_modules/typescript-json-schema
node_modules/better-sqlite3/deps
node_modules/better-sqlite3/src
`;

/** Seed 004's script: flow.deploy() with a DeploymentImage and push: false; IMAGE_* and POOL pick the variant. */
const DEPLOY_SCRIPT = `import { DeploymentImage } from "prefect-ts";
import { getRepoInfo } from "./my_flow.ts";

const deployment = await getRepoInfo.deploy({
  name: process.env.DEPLOYMENT ?? "my-first-deployment",
  workPoolName: process.env.POOL ?? "my-docker-pool",
  image: new DeploymentImage({
    name: process.env.IMAGE_NAME ?? "my-first-deployment-image",
    tag: process.env.IMAGE_TAG ?? "tutorial",
    dockerfile: process.env.DOCKERFILE ?? "Dockerfile",
    ...(process.env.DEPENDENCIES ? { dependencies: process.env.DEPENDENCIES as "copy" } : {}),
  }),
  push: process.env.PUSH === "true",
});
if (process.env.RUN_REPO) {
  const run = await deployment.run({ parameters: { repoName: process.env.RUN_REPO }, timeoutSeconds: 120 });
  console.log(\`run \${run.id} ended \${run.state?.type}\`);
}
`;

let packed: string | undefined;

/** `npm pack` of this repository (built by its prepare script), once per process. */
function tarball(): string {
  if (packed === undefined) {
    const out = mkdtempSync(join(tmpdir(), "prefect-ts-pack-"));
    const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", out], { cwd: ROOT, encoding: "utf8" })
      .trim()
      .split("\n")
      .pop() as string;
    packed = join(out, name);
  }
  return packed;
}

/**
 * A fresh tutorial project with prefect-ts installed from the tarball (`--ignore-scripts`: the embedded database's
 * native module is not needed in a container, which reports to an API over HTTP).
 */
export function makeUserProject(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "prefect-ts-docker-")), "tutorial");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "tutorial", private: true, type: "module" }, null, 2),
  );
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", "--omit=dev", tarball()],
    { cwd: dir, stdio: "ignore" },
  );
  useBuiltSqlite(dir);
  writeFileSync(join(dir, "my_flow.ts"), MY_FLOW);
  writeFileSync(join(dir, "Dockerfile"), DOCKERFILE);
  writeFileSync(join(dir, "deploy.ts"), DEPLOY_SCRIPT);
  writeFileSync(join(dir, ".dockerignore"), DOCKERIGNORE);
  return dir;
}

/**
 * The project's host-side commands use the embedded database, whose native module `--ignore-scripts` left unbuilt:
 * this repository's build of the same version is copied in (same machine), else it is built (about a minute).
 */
function useBuiltSqlite(dir: string): void {
  const version = (path: string): string =>
    (JSON.parse(readFileSync(join(path, "package.json"), "utf8")) as { version: string }).version;
  const ours = join(ROOT, "node_modules/better-sqlite3");
  const theirs = join(dir, "node_modules/better-sqlite3");
  if (version(ours) === version(theirs) && existsSync(join(ours, "build/Release/better_sqlite3.node"))) {
    cpSync(join(ours, "build"), join(theirs, "build"), { recursive: true });
  } else {
    execFileSync("npm", ["rebuild", "better-sqlite3"], { cwd: dir, stdio: "ignore" });
  }
}

/** The environment of the project's commands: no PREFECT_* of the test process, plus `extra`. */
export function projectEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("PREFECT_")) env[key] = value;
  return { ...env, NO_COLOR: "1", PREFECT_DOCKER_BASE_IMAGE: BASE_IMAGE, ...extra };
}

/** The outcome of one command. */
export type Ran = NodeResult;

/** Runs `node <args>` in the project to completion. */
export function runIn(dir: string, args: string[], env: Record<string, string>): Promise<Ran> {
  return runNode(args, { cwd: dir, env: projectEnv(env) });
}

/** The project's own CLI: `node node_modules/prefect-ts/dist/cli/main.js` (what `npx prefect-ts` runs). */
export function cliArgs(dir: string, args: string[]): string[] {
  return [join(dir, "node_modules/prefect-ts/dist/cli/main.js"), ...args];
}

/** Starts `prefect-ts ...args` of the project in the background. */
export function startIn(
  dir: string,
  args: string[],
  env: Record<string, string>,
): { child: ReturnType<typeof spawn>; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, args, { cwd: dir, env: projectEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, output: () => output, exited };
}
