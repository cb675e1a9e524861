// Seed 002 as a user types it: `deployment build ./log_flow.ts:logFlow -n log-simple -q test` writes the YAML and a
// .prefectignore, the YAML is edited by hand (parameters Marvin, a schedule), `deployment apply` registers it, an
// agent on queue `test` runs it and the run's logs say "Hello Marvin!"; a bad edit is an error naming its line.
// The agent and the watched run are processes; build and apply run in-process through the CLI's entry, in the
// project's directory (each project has its own log_flow.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runNode } from "../helpers/run-node.js";
import { CLI, cliEnv, runCliInProcess, startCli, waitUntil, type CliResult } from "./cli-helpers.js";
import { useProjectSandbox } from "./project-sandbox.js";
import { alive, killAll } from "./worker-helpers.js";

const sandbox = useProjectSandbox("unused-pool", "seed-002");

const LOG_FLOW = `import { flow, getRunLogger } from "prefect-ts";

export const logFlow = flow({ name: "log-flow" }, async (name: string) => {
  getRunLogger().info(\`Hello \${name}!\`);
});
`;

describe("seed 002: deployment build, edit, apply, agent", () => {
  it("builds the YAML, applies the hand-edited file, and an agent on the queue runs it", async () => {
    const dir = join(sandbox.projects, "prefect-tutorial");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "log_flow.ts"), LOG_FLOW);
    const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, sandbox.env, { cwd: dir });

    const built = await cli(["deployment", "build", "./log_flow.ts:logFlow", "-n", "log-simple", "-q", "test"]);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(built.stdout).toContain("Found flow 'log-flow'");
    expect(built.stdout).toContain(`Default '.prefectignore' file written to\n${join(dir, ".prefectignore")}`);
    expect(built.stdout).toContain(`Deployment YAML created at\n'${join(dir, "log_flow-deployment.yaml")}'.`);
    expect(existsSync(join(dir, ".prefectignore"))).toBe(true);
    const yamlFile = join(dir, "log_flow-deployment.yaml");
    const text = readFileSync(yamlFile, "utf8");
    const [editable, derived] = text.split("### DO NOT EDIT BELOW THIS LINE");
    expect(editable).toMatch(/^name: "log-simple"$/m);
    expect(editable).toMatch(/^work_queue_name: "test"$/m);
    expect(editable).toMatch(/^parameters: \{\}$/m);
    expect(derived).toMatch(/^flow_name: "log-flow"$/m);
    expect(derived).toMatch(/^entrypoint: "log_flow\.ts:logFlow"$/m);
    expect(derived).toMatch(/required:\n\s+- name/);

    // The seed's edit: a default name, and (as its later steps do) a schedule.
    writeFileSync(
      yamlFile,
      text
        .replace("parameters: {}", "parameters: {'name':'Marvin'}")
        .replace("schedule: null", "schedule: { interval: 600, timezone: UTC }"),
    );
    const applied = await cli(["deployment", "apply", "log_flow-deployment.yaml"]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain("Successfully loaded 'log-simple'");
    expect(applied.stdout).toMatch(/Deployment 'log-flow\/log-simple' successfully created with id '[0-9a-f-]{36}'\./);
    expect(applied.stdout).toContain("$ prefect-ts agent start -q 'test'");
    const deployment = await sandbox.client.readDeploymentByName("log-flow/log-simple");
    expect(deployment.parameters).toEqual({ name: "Marvin" });
    expect(deployment.workPoolName).toBe("default-agent-pool");
    expect(deployment.workQueueName).toBe("test");
    expect(deployment.schedules.map((s) => s.schedule)).toEqual([expect.objectContaining({ interval: 600 })]);

    const again = await cli(["deployment", "apply", "log_flow-deployment.yaml"]);
    expect(again.code).toBe(0);
    expect((await sandbox.client.readDeploymentByName("log-flow/log-simple")).id).toBe(deployment.id);

    const agent = startCli(["agent", "start", "-q", "test"], sandbox.env);
    try {
      await waitUntil(() => alive(agent, "agent start") ?? agent.output().includes("Agent started!"), {
        timeoutMs: 60_000,
        message: "the agent to start",
      });
      const watched = await runNode([...CLI, "deployment", "run", "log-flow/log-simple", "--watch"], {
        cwd: dir,
        env: cliEnv(sandbox.env),
      });
      expect(watched.code, watched.stdout + watched.stderr + agent.output()).toBe(0);
      expect(watched.stdout + watched.stderr).toContain("Hello Marvin!");
    } finally {
      killAll([agent.child.pid as number]);
      await agent.exited;
    }
  });

  it("a hand edit with a wrong type is an error naming the file's line, and nothing is registered", async () => {
    const dir = join(sandbox.projects, "bad-edit");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "log_flow.ts"), LOG_FLOW);
    const cli = (args: string[]): Promise<CliResult> => runCliInProcess(args, sandbox.env, { cwd: dir });
    const built = await cli([
      "deployment",
      "build",
      "log_flow.ts:logFlow",
      "-n",
      "bad",
      "-q",
      "test",
      "-o",
      "bad.yaml",
    ]);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const file = join(dir, "bad.yaml");
    const lines = readFileSync(file, "utf8").split("\n");
    const tagsLine = lines.findIndex((l) => l.startsWith("tags:")) + 1;
    writeFileSync(file, readFileSync(file, "utf8").replace("tags: []", "tags: nightly"));
    const applied = await cli(["deployment", "apply", "bad.yaml"]);
    expect(applied.code).toBe(1);
    expect(applied.stderr.trim()).toBe(`bad.yaml:${tagsLine}: "tags" expected array, received string.`);
    await expect(sandbox.client.readDeploymentByName("log-flow/bad")).rejects.toThrow();
  });
});
