// serve(dep, { client: getClient() }) on the embedded database: the client is a real PrefectClient and the embedded
// server is hosted through its own handle (it threw after registering the deployment when getClient() was a Proxy).
// The runner polls once an hour, so the run triggered here (another process) starts only by the commit wake-up.
import { spawn, type ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { waitForRunState } from "../helpers/flow-run-state.js";
import { cliEnv, ROOT, tempHome } from "./cli-helpers.js";
import { TS_RUN } from "../helpers/cli-entry.js";

const FIXTURE = join(ROOT, "test/fixtures/serve/served-with-client.ts");

describe("serve() with the root entry's getClient()", () => {
  const home = tempHome();
  let child: ChildProcess | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await closeEmbeddedServers();
    await rm(home, { recursive: true, force: true });
  });

  it("serves, runs a run triggered from another process at once, and stops cleanly on SIGTERM", async () => {
    const served = spawn(process.execPath, [...TS_RUN, FIXTURE], {
      cwd: ROOT,
      env: cliEnv({ PREFECT_HOME: home }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = served;
    let output = "";
    served.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    served.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => served.on("exit", (code) => resolve(code)));
    await waitFor(() => output.includes("being served") || served.exitCode !== null, {
      timeoutMs: 90_000,
      message: "serve() to start",
    });
    expect(output).toContain("Your flow 'double' is being served");
    const client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home } }) });
    const deployment = await client.readDeploymentByName("double/with-client");
    const run = await client.createFlowRunFromDeployment(deployment.id, { parameters: { n: 21 } });
    const done = await waitForRunState(client, run.id, ["COMPLETED", "FAILED", "CRASHED"], 90_000);
    expect(done.state?.type, output).toBe("COMPLETED");
    served.kill("SIGTERM");
    expect(await exited, output).toBe(0);
    expect(output).not.toMatch(/TypeError|is not a function/);
  });
});
