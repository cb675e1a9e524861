// Project steps as Prefect runs them: outputs by id feed later steps, then Prefect variables, then the environment;
// a step that outputs `directory` moves the ones after it; failures name the step and end with its output.
// Real child processes and a real git repository in a temp directory.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, StepExecutionError } from "../../../../src/errors.js";
import { runSteps } from "../../../../src/deploy/project/steps.js";

const dir = realpathSync(mkdtempSync(join(tmpdir(), "prefect-ts-steps-")));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { section: "build", cwd: dir, onOutput: () => undefined };
const SHELL = "prefect_ts.deployments.steps.run_shell_script";

describe("runSteps", () => {
  it("passes outputs by id, then variables, then environment variables, keeping a whole placeholder's type", async () => {
    const lines: string[] = [];
    const result = await runSteps(
      [
        { [SHELL]: { id: "first", script: `node -e "console.log('v1')"` } },
        {
          [SHELL]: {
            id: "second",
            script: `node -e "console.log(process.argv.slice(1).join('|'))" {{ first.stdout }} {{ prefect.variables.region }} {{ $STAGE }}`,
          },
        },
        {
          [SHELL]: {
            id: "typed",
            script: `node -e "console.log(JSON.parse(process.env.LIMITS).rows + 1)"`,
            env: { LIMITS: "{{ prefect.variables.limits }}" },
          },
        },
      ],
      {
        ...quiet,
        env: { ...process.env, STAGE: "prod" },
        readVariable: async (name) => ({ region: "eu-west", limits: { rows: 3 } })[name],
        onOutput: (line) => lines.push(line),
      },
    );
    expect(result.outputs.first).toEqual({ stdout: "v1", stderr: "" });
    expect(result.outputs.second?.stdout).toBe("v1|eu-west|prod");
    expect(result.outputs.typed?.stdout).toBe("4");
    expect(lines).toEqual(["v1", "v1|eu-west|prod", "4"]);
  });

  it("accepts Prefect's own step names for the steps both have", async () => {
    const result = await runSteps(
      [{ "prefect.deployments.steps.run_shell_script": { id: "p", script: "echo hi", stream_output: false } }],
      quiet,
    );
    expect(result.outputs.p?.stdout).toBe("hi");
  });

  it("moves later steps into the directory a step outputs (set_working_directory), and expands $VARS on request", async () => {
    mkdirSync(join(dir, "sub"), { recursive: true });
    const result = await runSteps(
      [
        { "prefect_ts.deployments.steps.set_working_directory": { directory: "sub" } },
        { [SHELL]: { id: "where", script: "pwd\necho $GREETING ${GREETING}", expand_env_vars: true } },
      ],
      { ...quiet, env: { ...process.env, GREETING: "hey" } },
    );
    expect(result.cwd).toBe(join(dir, "sub"));
    expect(result.outputs.where?.stdout).toBe(`${join(dir, "sub")}\nhey hey`);
  });

  it("clones a git repository into <repo>-<branch> and moves there (a second clone updates it)", async () => {
    const source = join(dir, "src-repo");
    mkdirSync(source);
    const gitEnv = {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@e",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@e",
    };
    const git = (...args: string[]) => execFileSync("git", args, { cwd: source, env: gitEnv });
    git("init", "--quiet", "--initial-branch", "main");
    writeFileSync(join(source, "flow.txt"), "one");
    git("add", ".");
    git("commit", "--quiet", "-m", "one");
    const step = { "prefect_ts.deployments.steps.git_clone": { repository: `file://${source}`, branch: "main" } };
    const into = join(dir, "runs");
    mkdirSync(into);
    const first = await runSteps([step, { [SHELL]: { id: "read", script: "cat flow.txt" } }], {
      ...quiet,
      cwd: into,
      section: "pull",
    });
    expect(first.cwd).toBe(join(into, "src-repo-main"));
    expect(first.outputs.read?.stdout).toBe("one");
    writeFileSync(join(source, "flow.txt"), "two");
    git("commit", "--quiet", "-am", "two");
    const second = await runSteps([step, { [SHELL]: { id: "read", script: "cat flow.txt" } }], {
      ...quiet,
      cwd: into,
      section: "pull",
    });
    expect(second.outputs.read?.stdout).toBe("two");
  });

  it("a failing command stops the list with the step, the command, how it ended and its last lines", async () => {
    const ran: string[] = [];
    const failing = runSteps(
      [
        {
          [SHELL]: {
            script: `node -e "console.log('compiling'); console.error('syntax error at line 3'); process.exit(2)"`,
          },
        },
        { [SHELL]: { script: "echo never" } },
      ],
      { ...quiet, onOutput: (line) => ran.push(line) },
    );
    await expect(failing).rejects.toBeInstanceOf(StepExecutionError);
    await expect(failing).rejects.toThrow(
      /^build step 1 \(prefect_ts\.deployments\.steps\.run_shell_script\) failed: `node -e .*` exited with code 2\.\nLast output:\n {2}compiling\n {2}syntax error at line 3$/,
    );
    expect(ran).not.toContain("never");
  });

  it("a missing program says so", async () => {
    await expect(runSteps([{ [SHELL]: { script: "no-such-program-xyz --flag" } }], quiet)).rejects.toThrow(
      /"no-such-program-xyz" was not found on PATH/,
    );
  });

  it("unknown steps, Python-only steps and missing variables are ConfigErrors naming the fix", async () => {
    await expect(runSteps([{ "prefect_ts.deployments.steps.nope": {} }], quiet)).rejects.toThrow(ConfigError);
    await expect(runSteps([{ "prefect_ts.deployments.steps.nope": {} }], quiet)).rejects.toThrow(
      /unknown step "prefect_ts\.deployments\.steps\.nope"\. The steps are: .*run_shell_script/,
    );
    await expect(runSteps([{ "prefect.deployments.steps.pip_install_requirements": {} }], quiet)).rejects.toThrow(
      /Use prefect_ts\.deployments\.steps\.npm_install instead/,
    );
    await expect(
      runSteps([{ [SHELL]: { script: "echo {{ prefect.variables.missing }}" } }], {
        ...quiet,
        readVariable: async () => undefined,
      }),
    ).rejects.toThrow(/variable "missing" does not exist\. Set it with: prefect-ts variable set missing VALUE/);
    await expect(runSteps([{ [SHELL]: {} }], quiet)).rejects.toThrow(/"script" is required/);
  });
});
