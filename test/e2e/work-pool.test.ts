// `work-pool create|ls|inspect|update|pause|resume|set/clear-concurrency-limit|get-default-base-job-template|preview|delete`
// in-process through the CLI's entry, on an embedded database (temp PREFECT_HOME), including the error cases users hit first.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { runCliInProcess, tempHome } from "./cli-helpers.js";

let home: string;
let env: Record<string, string>;

interface PoolJson {
  name: string;
  type: string;
  is_paused: boolean;
  concurrency_limit: number | null;
  description: string | null;
  status: string;
  base_job_template: { job_configuration?: Record<string, unknown>; variables?: Record<string, unknown> };
}

async function inspectJson(name: string): Promise<PoolJson> {
  const result = await runCliInProcess(["work-pool", "inspect", name, "-o", "json"], env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as PoolJson;
}

beforeAll(() => {
  home = tempHome();
  env = { PREFECT_HOME: home };
});
afterAll(async () => {
  await closeEmbeddedServers();
  rmSync(home, { recursive: true, force: true });
});

describe("prefect-ts work-pool", () => {
  it("create --type process fills in the process template and prints the next step; ls lists it", async () => {
    const created = await runCliInProcess(["work-pool", "create", "--type", "process", "tutorial-process-pool"], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("Created work pool 'tutorial-process-pool'!");
    expect(created.stdout).toContain("prefect-ts worker start --pool 'tutorial-process-pool'");

    const ls = await runCliInProcess(["work-pool", "ls"], env);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toContain("Work Pools");
    for (const column of ["Name", "Type", "ID", "Concurrency Limit", "Status"]) expect(ls.stdout).toContain(column);
    expect(ls.stdout).toMatch(/tutorial-process-pool\s*│\s*process\s*│/);
    expect(ls.stdout).toContain("NOT_READY");

    const pool = await inspectJson("tutorial-process-pool");
    expect(pool.type).toBe("process");
    expect(pool.base_job_template.job_configuration).toMatchObject({ command: "{{ command }}", env: "{{ env }}" });
    expect(Object.keys(pool.base_job_template.variables ?? {})).toContain("properties");
  });

  it("inspect prints every field with Prefect's snake_case names, the base job template as indented JSON", async () => {
    const result = await runCliInProcess(["work-pool", "inspect", "tutorial-process-pool"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      name: "tutorial-process-pool",
      type: "process",
      is_paused: false,
    });
    expect(result.stdout).toContain('"default_queue_id": ');
    expect(result.stdout).toContain('      "command": "{{ command }}"');
  });

  it("pause, resume, set-concurrency-limit, clear-concurrency-limit and update change the pool", async () => {
    const paused = await runCliInProcess(["work-pool", "pause", "tutorial-process-pool"], env);
    expect(paused.stdout).toContain("Paused work pool 'tutorial-process-pool'");
    const ls = await runCliInProcess(["work-pool", "ls"], env);
    expect(ls.stdout).toContain("tutorial-process-pool (**)");
    expect(ls.stdout).toContain("PAUSED");
    expect(ls.stdout).toContain("(**) denotes a paused pool");
    const resumed = await runCliInProcess(["work-pool", "resume", "tutorial-process-pool"], env);
    expect(resumed.stdout).toContain("Resumed work pool 'tutorial-process-pool'");

    const limited = await runCliInProcess(["work-pool", "set-concurrency-limit", "tutorial-process-pool", "3"], env);
    expect(limited.stdout).toContain("Set concurrency limit for work pool 'tutorial-process-pool' to 3");
    expect(await inspectJson("tutorial-process-pool")).toMatchObject({ is_paused: false, concurrency_limit: 3 });
    const cleared = await runCliInProcess(["work-pool", "clear-concurrency-limit", "tutorial-process-pool"], env);
    expect(cleared.stdout).toContain("Cleared concurrency limit for work pool 'tutorial-process-pool'");

    const updated = await runCliInProcess(
      ["work-pool", "update", "tutorial-process-pool", "--description", "for the tutorial", "--concurrency-limit", "2"],
      env,
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(await inspectJson("tutorial-process-pool")).toMatchObject({
      description: "for the tutorial",
      concurrency_limit: 2,
    });
    const nothing = await runCliInProcess(["work-pool", "update", "tutorial-process-pool"], env);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("Nothing to update");
  });

  it("create takes a template file, --paused, --concurrency-limit; --overwrite updates an existing pool", async () => {
    const file = join(home, "template.json");
    const template = {
      job_configuration: { command: "{{ command }}" },
      variables: { type: "object", properties: { command: { type: "string" } } },
    };
    writeFileSync(file, JSON.stringify(template));
    const created = await runCliInProcess(
      [
        "work-pool",
        "create",
        "custom",
        "--type",
        "my-own-type",
        "--base-job-template",
        file,
        "--paused",
        "--concurrency-limit",
        "4",
      ],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("Created work pool 'custom'!");
    expect(created.stdout).not.toContain("worker start");
    expect(await inspectJson("custom")).toMatchObject({
      type: "my-own-type",
      is_paused: true,
      concurrency_limit: 4,
      base_job_template: template,
    });

    const again = await runCliInProcess(
      ["work-pool", "create", "custom", "--type", "my-own-type", "--base-job-template", file],
      env,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("Work pool named 'custom' already exists. Use --overwrite");
    const overwritten = await runCliInProcess(
      [
        "work-pool",
        "create",
        "custom",
        "--type",
        "my-own-type",
        "--base-job-template",
        file,
        "--concurrency-limit",
        "9",
        "--overwrite",
      ],
      env,
    );
    expect(overwritten.code, overwritten.stderr).toBe(0);
    expect(overwritten.stdout).toContain("Updated work pool 'custom'");
    expect(await inspectJson("custom")).toMatchObject({ concurrency_limit: 9 });
  });

  it("bad input exits 1 with one line that names the problem and the way out", async () => {
    const broken = join(home, "broken.json");
    writeFileSync(broken, '{"job_configuration": {');
    const partial = join(home, "partial.json");
    writeFileSync(partial, JSON.stringify({ job_configuration: {} }));
    // Independent commands that change nothing: run side by side to keep the suite short.
    const [unknown, noType, missing, pause, preview, invalid, lacking, absent] = await Promise.all([
      runCliInProcess(["work-pool", "create", "x", "--type", "nope"], env),
      runCliInProcess(["work-pool", "create", "x"], env),
      runCliInProcess(["work-pool", "inspect", "missing-pool"], env),
      runCliInProcess(["work-pool", "pause", "missing-pool"], env),
      runCliInProcess(["work-pool", "preview", "missing-pool"], env),
      runCliInProcess(["work-pool", "create", "y", "--type", "process", "--base-job-template", broken], env),
      runCliInProcess(["work-pool", "update", "custom", "--base-job-template", partial], env),
      runCliInProcess(
        ["work-pool", "create", "z", "--type", "process", "--base-job-template", join(home, "nowhere.json")],
        env,
      ),
    ]);
    for (const r of [unknown, noType, missing, pause, preview, invalid, lacking, absent])
      expect(r.code, r.stdout).toBe(1);
    expect(unknown.stderr).toContain("Unknown work pool type 'nope'. Please choose from");
    expect(unknown.stderr).toContain("process");
    expect(noType.stderr).toContain("--type");
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toContain(
      "Work pool 'missing-pool' not found. Existing work pools: 'custom', 'tutorial-process-pool'",
    );
    expect(pause.stderr).toContain("Work pool 'missing-pool' not found");
    expect(preview.stderr).toContain("Work pool 'missing-pool' not found");
    expect(invalid.stderr).toContain(`Base job template file '${broken}' is not valid JSON`);
    expect(lacking.stderr).toContain('lacks "variables"');
    expect(absent.stderr).toContain("Cannot read base job template file");
  });

  it("get-default-base-job-template prints the type's template, or writes it to --file", async () => {
    const printed = await runCliInProcess(["work-pool", "get-default-base-job-template", "--type", "process"], env);
    expect(printed.code, printed.stderr).toBe(0);
    const template = JSON.parse(printed.stdout) as PoolJson["base_job_template"];
    expect(template.job_configuration).toMatchObject({ working_dir: "{{ working_dir }}" });
    const unknown = await runCliInProcess(["work-pool", "get-default-base-job-template", "--type", "nope"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Unknown work pool type 'nope'");
  });

  it("preview lists the pool's scheduled runs in the window with their deployment", async () => {
    const client = getClient({ settings: resolveSettings({ env }) });
    const flow = await client.createFlow("get-repo-info");
    const deployment = await client.createDeployment({
      flowId: flow.id,
      name: "my-deployment",
      workPoolName: "tutorial-process-pool",
    });
    const soon = await client.createFlowRunFromDeployment(deployment.id, {
      scheduledTime: new Date(Date.now() + 10 * 60_000),
      name: "soon-run",
    });
    await client.createFlowRunFromDeployment(deployment.id, {
      scheduledTime: new Date(Date.now() + 5 * 3_600_000),
      name: "later-run",
    });
    await closeEmbeddedServers();

    const preview = await runCliInProcess(["work-pool", "preview", "tutorial-process-pool"], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain("Preview of scheduled work for work pool 'tutorial-process-pool'");
    expect(preview.stdout).toContain(soon.id);
    expect(preview.stdout).toContain("soon-run");
    expect(preview.stdout).toContain("get-repo-info/my-deployment");
    expect(preview.stdout).not.toContain("later-run");
    const wide = await runCliInProcess(["work-pool", "preview", "tutorial-process-pool", "--hours", "6"], env);
    expect(wide.stdout).toContain("later-run");
  });

  it("delete removes the pool", async () => {
    const deleted = await runCliInProcess(["work-pool", "delete", "custom"], env);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain("Deleted work pool 'custom'");
    const json = await runCliInProcess(["work-pool", "ls", "-o", "json"], env);
    expect((JSON.parse(json.stdout) as PoolJson[]).map((p) => p.name)).toEqual(["tutorial-process-pool"]);
  });
});
