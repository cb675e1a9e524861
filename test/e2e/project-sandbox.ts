// A sandbox for the project-file suites (deploy with prefect.yaml, the wizard, init): a temp PREFECT_HOME with one
// process pool, a client on it, and a folder for projects inside the repository (git-ignored), so the projects'
// `import "prefect-ts"` resolves to this package. Registers its own beforeAll/afterAll.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { cliOkInProcess, ROOT, tempHome } from "./cli-helpers.js";

/** What a suite gets; read it inside tests (it is filled in by beforeAll). */
export interface ProjectSandbox {
  home: string;
  env: Record<string, string>;
  client: PrefectClient;
  /** The folder to make projects in. */
  projects: string;
}

/** Sets up the sandbox around the calling suite, with `pool` created and `extraEnv` in every command's environment. */
export function useProjectSandbox(pool: string, prefix: string, extraEnv: Record<string, string> = {}): ProjectSandbox {
  const sandbox = {} as ProjectSandbox;
  beforeAll(async () => {
    sandbox.home = tempHome();
    sandbox.env = { PREFECT_HOME: sandbox.home, ...extraEnv };
    mkdirSync(join(ROOT, "test/.projects"), { recursive: true });
    sandbox.projects = mkdtempSync(join(ROOT, `test/.projects/${prefix}-`));
    await cliOkInProcess(["work-pool", "create", "--type", "process", pool], sandbox.env);
    sandbox.client = getClient({ settings: resolveSettings({ env: sandbox.env }) });
  });
  afterAll(async () => {
    await closeEmbeddedServers();
    rmSync(sandbox.home, { recursive: true, force: true });
    rmSync(sandbox.projects, { recursive: true, force: true });
  });
  return sandbox;
}
