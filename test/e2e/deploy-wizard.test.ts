// The interactive `prefect-ts deploy` (seed 000's wizard) in a real pseudo-terminal, answered key by key: the flow
// picked from a static scan, a name, a cron schedule previewed in its time zone, the pool, no git, then saved to
// prefect.yaml so the next deploy asks nothing; Ctrl-C writes nothing; --no-prompt asks nothing and names the flag.
// Commands without a terminal run in-process through the CLI's entry, in the project's directory.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KEYS, startPty } from "../helpers/pty.js";
import { CLI, cliEnv, runCliInProcess } from "./cli-helpers.js";
import { useProjectSandbox } from "./project-sandbox.js";

const POOL = "wizard-pool";
const sandbox = useProjectSandbox(POOL, "wizard", { TZ: "UTC" });

const FLOWS = `import { flow } from "prefect-ts";

/** Adds two numbers. */
export const add = flow({ name: "adder" }, async (a: number = 1, b: number = 2) => a + b);

export const greet = flow({ name: "greeter", description: "says hello" }, async (name: string = "world") => \`Hello \${name}!\`);
`;

function project(name: string): string {
  const dir = join(sandbox.projects, name);
  mkdirSync(join(dir, "flows"), { recursive: true });
  writeFileSync(join(dir, "flows", "main.ts"), FLOWS);
  // A checkout with a remote: the wizard offers git as the code's source.
  execFileSync("git", ["init", "--quiet"], { cwd: dir });
  execFileSync("git", ["remote", "add", "origin", "https://git.example.test/team/flows.git"], { cwd: dir });
  return dir;
}

describe("prefect-ts deploy on a terminal", () => {
  it("asks for the flow, name, schedule and pool, deploys, and saves the answers to prefect.yaml", async () => {
    const dir = project("asked");
    const pty = startPty([process.execPath, ...CLI, "deploy"], { cwd: dir, env: cliEnv(sandbox.env) });
    try {
      let at = await pty.waitFor("Which flow would you like to deploy?");
      at = await pty.waitFor("greeter", { since: at });
      pty.send(KEYS.down); // the second flow: greeter, whose description shows once it is selected
      at = await pty.waitFor("flows/main.ts:greet - says hello", { since: at });
      pty.send(KEYS.enter);
      at = await pty.waitFor("Deployment name", { since: at });
      pty.send("wizard-made" + KEYS.enter);
      at = await pty.waitFor("Would you like to schedule this deployment?", { since: at });
      pty.send(KEYS.down + KEYS.enter); // Cron
      at = await pty.waitFor("Time zone", { since: at });
      pty.send("Europe/London" + KEYS.enter);
      at = await pty.waitFor("Cron string", { since: at });
      pty.send("61 * * * *" + KEYS.enter); // invalid: said at once, the question stays
      at = await pty.waitFor(/minute must be 0-59|61/, { since: at });
      for (let i = 0; i < 10; i++) pty.send("\u007f"); // backspace
      pty.send("0 6 * * *" + KEYS.enter);
      at = await pty.waitFor("Next runs (Europe/London)", { since: at });
      at = await pty.waitFor("Which work pool", { since: at });
      pty.send(KEYS.enter); // the only pool
      at = await pty.waitFor("pull this flow's code from git (https://git.example.test/team/flows.git", { since: at });
      pty.send(KEYS.enter); // default: no
      at = await pty.waitFor("Save these answers to prefect.yaml", { since: at });
      pty.send(KEYS.enter); // default: yes
      await pty.waitFor("Saved deployment 'wizard-made' to prefect.yaml", { since: at });
      expect(await pty.exited, pty.screen()).toBe(0);
    } finally {
      pty.kill();
    }
    const deployment = await sandbox.client.readDeploymentByName("greeter/wizard-made");
    expect(deployment.entrypoint).toBe("flows/main.ts:greet");
    expect(deployment.workPoolName).toBe(POOL);
    expect(deployment.schedules.map((s) => s.schedule)).toEqual([
      expect.objectContaining({ cron: "0 6 * * *", timezone: "Europe/London" }),
    ]);
    const saved = readFileSync(join(dir, "prefect.yaml"), "utf8");
    expect(saved).toMatch(/- name: wizard-made\n\s+entrypoint: flows\/main\.ts:greet/);

    // The saved answers deploy again with no question and no terminal.
    const again = await runCliInProcess(["--no-prompt", "deploy", "-n", "wizard-made"], sandbox.env, { cwd: dir });
    expect(again.code, again.stdout + again.stderr).toBe(0);
  });

  it("Ctrl-C leaves nothing written: no deployment, no pool, no prefect.yaml", async () => {
    const dir = project("cancelled");
    const pty = startPty([process.execPath, ...CLI, "deploy", "flows/main.ts:add", "-n", "never"], {
      cwd: dir,
      env: cliEnv(sandbox.env),
    });
    try {
      let at = await pty.waitFor("Would you like to schedule this deployment?");
      pty.send(KEYS.enter); // no schedule
      at = await pty.waitFor("Which work pool", { since: at });
      pty.send(KEYS.down + KEYS.enter); // create a new pool
      at = await pty.waitFor("What type of work pool?", { since: at });
      pty.send(KEYS.enter);
      await pty.waitFor("Work pool name", { since: at });
      pty.send(KEYS.ctrlC);
      await pty.waitFor("Cancelled; nothing was written.");
      expect(await pty.exited).toBe(130);
    } finally {
      pty.kill();
    }
    await expect(sandbox.client.readDeploymentByName("adder/never")).rejects.toThrow();
    expect((await sandbox.client.readWorkPools()).map((p) => p.name)).toEqual([POOL]);
    expect(existsSync(join(dir, "prefect.yaml"))).toBe(false);
  });

  it("--no-prompt and PREFECT_CLI_PROMPT=false never ask: a missing answer names its flag", async () => {
    const dir = project("scripted");
    for (const [args, extra] of [
      [["--no-prompt", "deploy", "flows/main.ts:add", "-n", "x"], {}],
      [["deploy", "flows/main.ts:add", "-n", "x"], { PREFECT_CLI_PROMPT: "false" }],
    ] as const) {
      const pty = startPty([process.execPath, ...CLI, ...args], {
        cwd: dir,
        env: cliEnv({ ...sandbox.env, ...extra }),
      });
      try {
        await pty.waitFor("Give the work pool: prefect-ts deploy flows/main.ts:add -n x -p POOL");
        expect(await pty.exited).toBe(1);
        expect(pty.screen()).not.toMatch(/schedule this deployment/);
      } finally {
        pty.kill();
      }
    }
  });
});

describe("prefect-ts init", () => {
  it("writes prefect.yaml from a recipe with --field values, and .prefectignore, then deploy reads it", async () => {
    const dir = project("init-fields");
    const init = await runCliInProcess(
      ["init", "--recipe", "docker-git", "--field", "image_name=registry.test/flows", "--field", "tag=v1"],
      sandbox.env,
      { cwd: dir },
    );
    expect(init.code, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toMatch(/Created project file prefect\.yaml \(recipe docker-git\)/);
    const text = readFileSync(join(dir, "prefect.yaml"), "utf8");
    expect(text).toMatch(/image_name: "registry\.test\/flows"/);
    expect(text).toMatch(/repository: "https:\/\/git\.example\.test\/team\/flows\.git"/); // the checkout's remote
    expect(readFileSync(join(dir, ".prefectignore"), "utf8")).toMatch(/^\.git$/m);
    const again = await runCliInProcess(["init"], sandbox.env, { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/prefect\.yaml already exists here\. Edit it, or pass --force to replace it\./);
    const none = await runCliInProcess(["--no-prompt", "deploy"], sandbox.env, { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/prefect\.yaml declares no deployments/);
  });

  it("seed 000's `project init` asks for the recipe on a terminal", async () => {
    const dir = project("init-asked");
    const pty = startPty([process.execPath, ...CLI, "project", "init"], { cwd: dir, env: cliEnv(sandbox.env) });
    try {
      await pty.waitFor("Which recipe fits how your runs get their code?");
      pty.send(KEYS.enter); // local
      await pty.waitFor("Created project file prefect.yaml (recipe local).");
      expect(await pty.exited).toBe(0);
    } finally {
      pty.kill();
    }
    expect(readFileSync(join(dir, "prefect.yaml"), "utf8")).toContain(`directory: ${JSON.stringify(dir)}`);
  });
});
