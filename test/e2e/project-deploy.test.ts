// `prefect-ts deploy` with a project file, as a user types it in the project's directory: prefect.yaml's deployments
// picked by -n (names, flow/name, globs) or --all, build steps run once with their outputs templated into the
// deployments, errors naming the file's line, seed 000's deployment.yaml, and a git_clone pull step carried out by
// a worker started in another directory. Embedded database in a temp PREFECT_HOME. Commands run in-process through the
// CLI's entry in the project's directory (each project has its own flows.ts, so no module is loaded stale); the first
// deploy, whose project file reads the environment, and the workers are processes.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import { runNode } from "../helpers/run-node.js";
import { CLI, cliEnv, runCliInProcess, type CliResult } from "./cli-helpers.js";
import { useProjectSandbox } from "./project-sandbox.js";
import { killAll, startWorkerCli } from "./worker-helpers.js";

const POOL = "project-pool";
const sandbox = useProjectSandbox(POOL, "deploy");

const FLOWS = (greeting: string) => `import { flow, getRunLogger } from "prefect-ts";

/** Greets someone. */
export const greet = flow({ name: "greet" }, async (name: string = "world") => {
  getRunLogger().info(\`${greeting} \${name}!\`);
  return name;
});
`;

/** Runs the CLI in `cwd` (the project's directory, as a user does), in-process. */
function cli(args: string[], cwd: string): Promise<CliResult> {
  return runCliInProcess(args, sandbox.env, { cwd });
}

/** Runs the CLI in `cwd` as a process of its own, with `extra` in its environment (a user's `VAR=x npx prefect-ts`). */
function cliProcess(args: string[], cwd: string, extra: Record<string, string>): Promise<CliResult> {
  return runNode([...CLI, ...args], { cwd, env: cliEnv({ ...sandbox.env, ...extra }) });
}

function project(name: string, files: Record<string, string>): string {
  const dir = join(sandbox.projects, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

const PREFECT_YAML = `# a project file as Prefect 3 writes it, with a TypeScript entrypoint
name: greetings
prefect-version: 3.8.3

definitions:
  work_pools:
    pool: &pool
      name: ${POOL}
      job_variables:
        env:
          SUFFIX: "{{ $GREETING_SUFFIX }}"

build:
  - prefect_ts.deployments.steps.run_shell_script:
      id: stamp
      script: node -e "console.log('v' + (6 * 7))"

deployments:
  - name: nightly
    entrypoint: flows.ts:greet
    version: "{{ stamp.stdout }}"
    tags: [nightly]
    parameters:
      name: Marvin
    schedule:
      cron: "0 2 * * *"
      timezone: Europe/London
    work_pool: *pool
    colour: blue
  - name: hourly
    entrypoint: flows.ts:greet
    schedules:
      - interval: 3600
        slug: every-hour
    work_pool:
      <<: *pool
      work_queue_name: fast
`;

describe("prefect-ts deploy with prefect.yaml", () => {
  let dir: string;
  beforeAll(() => {
    dir = project("greetings", { "flows.ts": FLOWS("Hello"), "prefect.yaml": PREFECT_YAML });
  });

  it("deploys the deployment -n names, with the build step's output and the environment templated in", async () => {
    const result = await cliProcess(["deploy", "-n", "nightly"], dir, { GREETING_SUFFIX: "!!" });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toMatch(/prefect\.yaml:\d+: unknown key "colour" in deployment "nightly" is ignored/);
    const deployment = await sandbox.client.readDeploymentByName("greet/nightly");
    expect(deployment.version).toBe("v42");
    expect(deployment.tags).toEqual(["nightly"]);
    expect(deployment.parameters).toEqual({ name: "Marvin" });
    expect(deployment.entrypoint).toBe("flows.ts:greet");
    expect(deployment.path).toBe(dir);
    expect(deployment.workPoolName).toBe(POOL);
    expect(deployment.jobVariables).toEqual({ env: { SUFFIX: "!!" } });
    expect(deployment.schedules.map((s) => s.schedule)).toEqual([
      expect.objectContaining({ cron: "0 2 * * *", timezone: "Europe/London" }),
    ]);
    await expect(sandbox.client.readDeploymentByName("greet/hourly")).rejects.toThrow(/not found|does not exist|404/i);
  });

  it("deploys every deployment with --all, and flow/name globs pick by the flow's name", async () => {
    const all = await cli(["deploy", "--all"], dir);
    expect(all.code, all.stdout + all.stderr).toBe(0);
    const hourly = await sandbox.client.readDeploymentByName("greet/hourly");
    expect(hourly.workQueueName).toBe("fast");
    expect(hourly.schedules.map((s) => [s.slug, s.schedule])).toEqual([
      ["every-hour", expect.objectContaining({ interval: 3600 })],
    ]);
    const glob = await cli(["deploy", "-n", "greet/*"], dir);
    expect(glob.code, glob.stdout + glob.stderr).toBe(0);
    expect(glob.stdout).toMatch(/greet\/nightly/);
    expect(glob.stdout).toMatch(/greet\/hourly/);
  });

  it("merges the command line's options over the file's entry of that name", async () => {
    const result = await cli(["deploy", "-n", "nightly", "--param", "name=Trillian", "--cron", "30 5 * * *"], dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const deployment = await sandbox.client.readDeploymentByName("greet/nightly");
    expect(deployment.parameters).toEqual({ name: "Trillian" });
    expect(deployment.schedules.map((s) => s.schedule)).toEqual([expect.objectContaining({ cron: "30 5 * * *" })]);
  });

  it("names what it cannot pick: several deployments and no -n, or a name the file lacks", async () => {
    const none = await cli(["deploy"], dir);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(
      /declares 2 deployments \('nightly', 'hourly'\): pick with -n NAME .* or deploy them all with --all/,
    );
    const missing = await cli(["deploy", "-n", "weekly"], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no deployment matching 'weekly'\. Its deployments: 'nightly', 'hourly'/);
  });
});

describe("a project file with a mistake registers nothing and names the line", () => {
  const cases: { what: string; yaml: string; expected: RegExp }[] = [
    {
      what: "a wrong type",
      yaml: `deployments:\n  - name: ok\n    entrypoint: flows.ts:greet\n    work_pool: { name: ${POOL} }\n  - name: bad\n    entrypoint: flows.ts:greet\n    tags: nightly\n`,
      expected: /prefect\.yaml:7: deployment "bad": "tags" expected array, received string/,
    },
    {
      what: "two kinds in one schedule",
      yaml: `deployments:\n  - name: bad\n    entrypoint: flows.ts:greet\n    schedule:\n      cron: "0 * * * *"\n      interval: 60\n`,
      expected:
        /prefect\.yaml:5: deployment "bad": a schedule needs exactly one of cron, interval or rrule \(got cron and interval\)/,
    },
    {
      what: "invalid YAML",
      yaml: `deployments:\n  - name: bad\n    tags: [a, b\n`,
      expected: /prefect\.yaml:\d+: invalid YAML/,
    },
    {
      what: "no work pool",
      yaml: `deployments:\n  - name: bad\n    entrypoint: flows.ts:greet\n`,
      expected:
        /prefect\.yaml:2: deployment "bad" has no work pool\. Add "work_pool: \{ name: POOL \}" or pass -p POOL/,
    },
  ];
  for (const { what, yaml, expected } of cases) {
    it(what, async () => {
      const dir = project(`bad-${what.replace(/\W+/g, "-")}`, { "flows.ts": FLOWS("Hello"), "prefect.yaml": yaml });
      const result = await cli(["deploy", "--all"], dir);
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr.trim().split("\n"), result.stderr).toHaveLength(1);
      expect(result.stderr).toMatch(expected);
      const names = (await sandbox.client.readDeployments()).map((d) => d.name);
      expect(names).not.toContain("ok");
      expect(names).not.toContain("bad");
    });
  }
});

describe("seed 000's deployment.yaml", () => {
  it("is read when there is no prefect.yaml, and its deployment deployed by name", async () => {
    const dir = project("seed-000", {
      "my_flow.ts": FLOWS("Hi"),
      "deployment.yaml": `deployments:\n- name: my-deployment\n  tags: [my-tag]\n  description: a flow that checks github\n  schedule: null\n  entrypoint: my_flow.ts:greet\n  parameters: {}\n  work_pool:\n    name: ${POOL}\n`,
    });
    const result = await cli(["deploy", "-n", "my-deployment"], dir);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const deployment = await sandbox.client.readDeploymentByName("greet/my-deployment");
    expect(deployment.description).toBe("a flow that checks github");
    expect(deployment.tags).toEqual(["my-tag"]);
    expect(deployment.schedules).toEqual([]);
  });
});

describe("pull steps", () => {
  it("a worker in another directory runs the code a git_clone pull step fetched, in a fresh directory per run", async () => {
    // The code the runs use lives in a bare git repository (file:// URL); the project's own copy greets differently.
    const source = project("git-source", { "flows.ts": FLOWS("Hello from git,") });
    const git = (args: string[], cwd: string) =>
      execFileSync("git", args, {
        cwd,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@e",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@e",
        },
      });
    git(["init", "--quiet", "--initial-branch", "main"], source);
    git(["add", "flows.ts"], source);
    git(["commit", "--quiet", "-m", "flows"], source);
    const bare = join(sandbox.projects, "flows.git");
    git(["clone", "--quiet", "--bare", source, bare], sandbox.projects);
    const dir = project("pulled", {
      "flows.ts": FLOWS("Hello from the project,"),
      "prefect.yaml": `pull:\n  - prefect_ts.deployments.steps.git_clone:\n      repository: file://${bare}\n      branch: main\n\ndeployments:\n  - name: from-git\n    entrypoint: flows.ts:greet\n    work_pool:\n      name: ${POOL}\n`,
    });
    const deployed = await cli(["deploy", "-n", "from-git"], dir);
    expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
    const deployment = await sandbox.client.readDeploymentByName("greet/from-git");
    expect(deployment.pullSteps).toEqual([
      { "prefect_ts.deployments.steps.git_clone": { repository: `file://${bare}`, branch: "main" } },
    ]);

    // The worker starts elsewhere; its runs' directories are made under TMPDIR, kept inside the repository here so
    // the cloned flows.ts resolves `import "prefect-ts"` to this package (a real project's pull would npm_install).
    const elsewhere = mkdtempSync(join(sandbox.projects, "worker-"));
    const runs = mkdtempSync(join(sandbox.projects, "runs-"));
    const worker = await startWorkerCli(["--pool", POOL], { ...sandbox.env, TMPDIR: runs });
    try {
      const watched = await cli(
        ["deployment", "run", "greet/from-git", "--param", "name=Arthur", "--watch"],
        elsewhere,
      );
      expect(watched.code, watched.stdout + watched.stderr + worker.output()).toBe(0);
      expect(watched.stdout + watched.stderr).toMatch(/Hello from git, Arthur!/);
      expect(watched.stdout + watched.stderr).not.toMatch(/Hello from the project/);
      // The run's fresh directory (the clone) goes once the run is over, as Prefect's temporary working directories do.
      await waitFor(() => readdirSync(runs).every((name) => !name.startsWith("prefect-ts-run-")), {
        timeoutMs: 30_000,
        message: "the run's directory to be removed",
      });
    } finally {
      killAll([worker.child.pid as number]);
      await worker.exited;
    }
    expect(readFileSync(join(dir, "flows.ts"), "utf8")).toMatch(/from the project/);
  });

  it("a failing pull step ends the run Crashed with the step's name and its last output", async () => {
    const dir = project("pull-fails", {
      "flows.ts": FLOWS("Hello"),
      "prefect.yaml": `pull:\n  - prefect_ts.deployments.steps.run_shell_script:\n      script: node -e "console.error('no code for you'); process.exit(3)"\n\ndeployments:\n  - name: broken-pull\n    entrypoint: flows.ts:greet\n    work_pool:\n      name: ${POOL}\n`,
    });
    const deployed = await cli(["deploy", "-n", "broken-pull"], dir);
    expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
    const worker = await startWorkerCli(["--pool", POOL], sandbox.env);
    try {
      const watched = await cli(["deployment", "run", "greet/broken-pull", "--watch"], dir);
      expect(watched.code).not.toBe(0);
      const output = watched.stdout + watched.stderr;
      expect(output).toMatch(/Crashed/);
      expect(output).toMatch(/pull step 1 \(prefect_ts\.deployments\.steps\.run_shell_script\) failed/);
      expect(output).toMatch(/exited with code 3/);
      expect(output).toMatch(/no code for you/);
    } finally {
      killAll([worker.child.pid as number]);
      await worker.exited;
    }
  });
});
