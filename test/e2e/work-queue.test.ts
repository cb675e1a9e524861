// `work-queue create|ls|inspect|pause|resume|set/clear-concurrency-limit|preview|delete` through the CLI's entry in-process (runCliInProcess) on an embedded
// database (temp PREFECT_HOME) with two pools, by name and by id, including the missing pool / queue messages.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess as runCli, tempHome } from "./cli-helpers.js";

let home: string;
let env: Record<string, string>;

interface QueueJson {
  id: string;
  name: string;
  work_pool_name: string;
  is_paused: boolean;
  concurrency_limit: number | null;
  priority: number;
  status: string;
}

async function inspectJson(name: string, pool: string): Promise<QueueJson> {
  const result = await runCli(["work-queue", "inspect", name, "--pool", pool, "-o", "json"], env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as QueueJson;
}

beforeAll(async () => {
  home = tempHome();
  env = { PREFECT_HOME: home };
  for (const pool of ["pool-a", "pool-b"]) {
    const created = await runCli(["work-pool", "create", pool, "--type", "process"], env);
    expect(created.code, created.stderr).toBe(0);
  }
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("prefect-ts work-queue", () => {
  it("create makes a queue in the pool and prints how to use it; ls lists the queues", async () => {
    const created = await runCli(
      ["work-queue", "create", "critical", "--pool", "pool-a", "--limit", "2", "--priority", "1"],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("Created work queue with properties:");
    expect(created.stdout).toContain("name - 'critical'");
    expect(created.stdout).toContain("work pool - 'pool-a'");
    expect(created.stdout).toContain("concurrency limit - 2");
    expect(created.stdout).toContain("prefect-ts worker start --pool 'pool-a' --work-queue 'critical'");
    const short = await runCli(["work-queue", "create", "bulk", "-p", "pool-b", "-l", "5", "-q", "3"], env);
    expect(short.code, short.stderr).toBe(0);

    const ls = await runCli(["work-queue", "ls", "--pool", "pool-a"], env);
    expect(ls.code, ls.stderr).toBe(0);
    for (const column of ["Name", "Pool", "ID", "Concurrency Limit", "Priority", "Status"])
      expect(ls.stdout).toContain(column);
    expect(ls.stdout).toContain("critical");
    expect(ls.stdout).toContain("default");
    expect(ls.stdout).not.toContain("bulk");
    const all = await runCli(["work-queue", "ls", "-o", "json"], env);
    const queues = JSON.parse(all.stdout) as QueueJson[];
    expect(queues.map((q) => `${q.work_pool_name}/${q.name}`).sort()).toEqual([
      "pool-a/critical",
      "pool-a/default",
      "pool-b/bulk",
      "pool-b/default",
    ]);
  });

  it("inspect shows the queue; without --pool it finds a queue whose name is unique", async () => {
    const text = await runCli(["work-queue", "inspect", "critical", "--pool", "pool-a"], env);
    expect(text.code, text.stderr).toBe(0);
    expect(JSON.parse(text.stdout)).toMatchObject({ name: "critical", work_pool_name: "pool-a", concurrency_limit: 2 });
    expect(await inspectJson("bulk", "pool-b")).toMatchObject({
      name: "bulk",
      work_pool_name: "pool-b",
      concurrency_limit: 5,
      priority: 3,
    });
    const found = await runCli(["work-queue", "inspect", "bulk", "-o", "json"], env);
    expect((JSON.parse(found.stdout) as QueueJson).work_pool_name).toBe("pool-b");
    const ambiguous = await runCli(["work-queue", "inspect", "default"], env);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain("exists in several work pools ('pool-a', 'pool-b'): say which with --pool");
  });

  it("pause, resume, set-concurrency-limit and clear-concurrency-limit change the queue", async () => {
    const paused = await runCli(["work-queue", "pause", "critical", "--pool", "pool-a"], env);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toContain("Paused work queue 'critical' in work pool 'pool-a'");
    const ls = await runCli(["work-queue", "ls", "--pool", "pool-a"], env);
    expect(ls.stdout).toMatch(/critical \(\*\*\)\s*│\s*pool-a\s*│.*│\s*PAUSED\s*│/);
    expect(ls.stdout).toContain("(**) denotes a paused queue");
    const resumed = await runCli(["work-queue", "resume", "critical", "--pool", "pool-a"], env);
    expect(resumed.stdout).toContain("Resumed work queue 'critical'");

    const limited = await runCli(["work-queue", "set-concurrency-limit", "critical", "7", "--pool", "pool-a"], env);
    expect(limited.stdout).toContain("Concurrency limit of 7 set on work queue 'critical'");
    expect(await inspectJson("critical", "pool-a")).toMatchObject({ is_paused: false, concurrency_limit: 7 });
    const cleared = await runCli(["work-queue", "clear-concurrency-limit", "critical", "--pool", "pool-a"], env);
    expect(cleared.stdout).toContain("Concurrency limits removed on work queue 'critical'");
    expect((await inspectJson("critical", "pool-a")).concurrency_limit).toBeNull();
  });

  it("preview prints the queue's window (empty here)", async () => {
    const preview = await runCli(["work-queue", "preview", "critical", "--pool", "pool-a"], env);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain(
      "No runs scheduled in the next 1 hour(s) for work queue 'critical' in work pool 'pool-a'",
    );
  });

  it("a missing pool or queue exits 1 with one line listing what exists", async () => {
    // Independent commands that change nothing: run side by side to keep the suite short.
    const [noQueue, noPool, createNoPool, nowhere, duplicate] = await Promise.all([
      runCli(["work-queue", "inspect", "nope", "--pool", "pool-a"], env),
      runCli(["work-queue", "pause", "critical", "--pool", "nope"], env),
      runCli(["work-queue", "create", "q", "--pool", "nope"], env),
      runCli(["work-queue", "inspect", "ghost"], env),
      runCli(["work-queue", "create", "critical", "--pool", "pool-a"], env),
    ]);
    for (const r of [noQueue, noPool, createNoPool, nowhere, duplicate]) expect(r.code, r.stdout).toBe(1);
    expect(noQueue.stderr.trim().split("\n")).toHaveLength(1);
    expect(noQueue.stderr).toContain(
      "Work queue 'nope' not found in work pool 'pool-a'. Its queues: 'critical', 'default'",
    );
    expect(noPool.stderr).toContain("Work pool 'nope' not found. Existing work pools: 'pool-a', 'pool-b'");
    expect(createNoPool.stderr).toContain("Work pool 'nope' not found");
    expect(nowhere.stderr).toContain(
      "Work queue 'ghost' not found. Existing work queues (pool/queue): 'pool-a/critical'",
    );
    expect(duplicate.stderr).toContain("Work queue 'critical' already exists in work pool 'pool-a'");
  });

  it("every command takes the queue's id instead of its name, as Prefect 2's CLI did", async () => {
    const { id } = await inspectJson("bulk", "pool-b");
    const [inspected, missing] = await Promise.all([
      runCli(["work-queue", "inspect", id, "-o", "json"], env),
      runCli(["work-queue", "inspect", "00000000-0000-4000-8000-000000000000"], env),
    ]);
    expect(inspected.code, inspected.stderr).toBe(0);
    expect(JSON.parse(inspected.stdout)).toMatchObject({ id, name: "bulk", work_pool_name: "pool-b" });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      "No work queue with id 00000000-0000-4000-8000-000000000000 found. List them with `prefect-ts work-queue ls`.",
    );

    const paused = await runCli(["work-queue", "pause", id], env);
    expect(paused.stdout, paused.stderr).toContain("Paused work queue 'bulk' in work pool 'pool-b'");
    const limited = await runCli(["work-queue", "set-concurrency-limit", id, "4"], env);
    expect(limited.stdout, limited.stderr).toContain("Concurrency limit of 4 set on work queue 'bulk'");
    expect(await inspectJson("bulk", "pool-b")).toMatchObject({ is_paused: true, concurrency_limit: 4 });
    const [resumed, cleared, preview] = [
      await runCli(["work-queue", "resume", id], env),
      await runCli(["work-queue", "clear-concurrency-limit", id], env),
      await runCli(["work-queue", "preview", id], env),
    ];
    expect(resumed.stdout, resumed.stderr).toContain("Resumed work queue 'bulk'");
    expect(cleared.stdout, cleared.stderr).toContain("Concurrency limits removed on work queue 'bulk'");
    expect(preview.stdout, preview.stderr).toContain(
      "No runs scheduled in the next 1 hour(s) for work queue 'bulk' in work pool 'pool-b'",
    );
    expect(await inspectJson("bulk", "pool-b")).toMatchObject({ is_paused: false, concurrency_limit: null });

    const deleted = await runCli(["work-queue", "delete", id], env);
    expect(deleted.stdout, deleted.stderr).toContain("Deleted work queue 'bulk' in work pool 'pool-b'");
    const ls = await runCli(["work-queue", "ls", "--pool", "pool-b", "-o", "json"], env);
    expect((JSON.parse(ls.stdout) as QueueJson[]).map((q) => q.name)).toEqual(["default"]);
  });

  it("delete removes the queue", async () => {
    const deleted = await runCli(["work-queue", "delete", "critical", "--pool", "pool-a"], env);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain("Deleted work queue 'critical' in work pool 'pool-a'");
    const ls = await runCli(["work-queue", "ls", "--pool", "pool-a", "-o", "json"], env);
    expect((JSON.parse(ls.stdout) as QueueJson[]).map((q) => q.name)).toEqual(["default"]);
  });
});
