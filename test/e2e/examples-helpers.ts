// Running the repository's examples/*.ts as a user does (`npx tsx examples/x.ts`: the fresh build when there is one,
// else the source; helpers/cli-entry.ts), each on a temp PREFECT_HOME, and reading back the embedded database it
// wrote. Shared by examples.test.ts (the scripts) and examples-served.test.ts (serving and deploying: two processes).
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { TS_RUN } from "../helpers/cli-entry.js";
import { ROOT } from "./cli-helpers.js";

const run = promisify(execFile);
const homes: string[] = [];

/** A fresh PREFECT_HOME for an example, removed by {@link removeExampleHomes}. */
export async function exampleHome(name: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), `prefect-ts-example-${name}-`));
  homes.push(home);
  return home;
}

/** The environment of an example: this process's, on `home`, with no PREFECT_API_URL (the embedded server). */
export function exampleEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PREFECT_HOME: home };
  delete env.PREFECT_API_URL;
  return env;
}

/** Runs `examples/<name>.ts` to its end (on `home`, or a fresh one) and returns its output and a client on its home. */
export async function runExample(
  name: string,
  args: string[] = [],
  home?: string,
): Promise<{ stdout: string; stderr: string; home: string; client: PrefectClient }> {
  const prefectHome = home ?? (await exampleHome(name));
  const { stdout, stderr } = await run(process.execPath, [...TS_RUN, join("examples", `${name}.ts`), ...args], {
    cwd: ROOT,
    env: exampleEnv(prefectHome),
    timeout: 60_000,
  });
  const client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: prefectHome } }) });
  return { stdout, stderr, home: prefectHome, client };
}

/** The flow runs of the flow named `flowName`. */
export async function flowRunsOf(client: PrefectClient, flowName: string) {
  return client.readFlowRuns({ flowFilter: { name: { any_: [flowName] } } });
}

/** Closes this process's embedded servers and removes the examples' homes (a suite's afterAll). */
export async function removeExampleHomes(): Promise<void> {
  await closeEmbeddedServers();
  await Promise.all(homes.splice(0).map((h) => rm(h, { recursive: true, force: true })));
}
