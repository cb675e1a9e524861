// Every TypeScript example of the README type-checks against the package and runs as written, each on a fresh
// PREFECT_HOME, with its output checked: scripts run to the end, served examples are triggered from the CLI, the
// examples that deploy to a pool run with a worker on it, the testing example runs under vitest. Each ```ts block
// becomes a module in a temp folder inside the repository (so "prefect-ts" resolves to src/).
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import { runNode } from "../helpers/run-node.js";
import { cliEnv, runCli, startCli, tempHome } from "./cli-helpers.js";
import { TS_RUN } from "../helpers/cli-entry.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);
const TSX = TS_RUN;

/** How an example is run and what it must print (stdout and stderr together). */
type Plan =
  | { kind: "script"; prints: (string | RegExp)[]; workerPool?: string; setup?: string[][] }
  | { kind: "serve"; trigger: string[]; prints: (string | RegExp)[] }
  | { kind: "vitest" }
  | { kind: "typecheck-only"; reason: string };

/** Each example, found by a line of its code, and how it runs. A new example needs a plan here. */
const PLANS: { match: string; plan: Plan }[] = [
  {
    match: "csrf: { enabled: true }",
    plan: { kind: "script", prints: ['403 {"detail":"Missing CSRF token."}', /^etl$/m] },
  },
  { match: 'flow({ name: "hello-flow" }, async (name: string', plan: { kind: "script", prints: ["Hello, Ada!"] } },
  { match: "const add = task(async function add(", plan: { kind: "script", prints: ["sum: 6"] } },
  { match: 'await Variable.set("db_config"', plan: { kind: "script", prints: ["localhost:5432, 3 retries"] } },
  { match: "risky.callWithState(true)", plan: { kind: "script", prints: [/^FAILED .*boom/m] } },
  {
    match: 'flow({ name: "nightly", retries: 1',
    plan: { kind: "script", prints: ["body of https://example.com after 3 calls, steady: ok"] },
  },
  { match: "console.log(await cached())", plan: { kind: "script", prints: [/^Cached$/m] } },
  { match: 'flow({ name: "parent" }', plan: { kind: "script", prints: ['{"both":[4,6],"mapped":[10,20,30]}'] } },
  {
    match: "await chatty();",
    plan: { kind: "script", prints: ["disk is 91% full", "this line becomes a run log too"] },
  },
  { match: 'flow(\n  { name: "forecast"', plan: { kind: "script", prints: ["5-day forecast for Lisbon", /city/] } },
  {
    match: "await repoInfo.serve(",
    plan: {
      kind: "serve",
      trigger: [
        "deployment",
        "run",
        "repo-info/hourly",
        "--param",
        "repoName=nodejs/node",
        "--param",
        "verbose=true",
        "--watch",
      ],
      prints: ["repository nodejs/node", /Completed/],
    },
  },
  {
    match: 'extract.toDeployment({ name: "daily"',
    plan: { kind: "serve", trigger: ["deployment", "run", "extract/daily", "--watch"], prints: [/Completed/] },
  },
  {
    match: 'flow({ name: "copy-rows" }',
    plan: {
      kind: "script",
      prints: [/"type":"integer"/, /"default":500/, /"description":"rows per insert"/, /"position":1/],
    },
  },
  // Declaring specs registers nothing: the script runs to its end quietly (seed-003-specs.test.ts runs `deployment create`).
  { match: "new DeploymentSpec({ flow: leonardoDicapriflow", plan: { kind: "script", prints: [] } },
  {
    match: 'runDeployment<typeof etl>("etl/nightly"',
    plan: { kind: "script", workerPool: "etl-pool", prints: [/^COMPLETED$/m] },
  },
  {
    match: 'workPoolName: "tutorial-process-pool"',
    plan: { kind: "script", workerPool: "tutorial-process-pool", prints: [/^Completed$/m] },
  },
  {
    match: 'readBlockDocumentByName("db-password", "secret")',
    plan: {
      kind: "script",
      setup: [["block", "create", "secret", "db-password", "--field", "value=hunter2"]],
      prints: ["Secret [ 'value' ]"],
    },
  },
  { match: 'client.createWorkPool({ name: "my-pool"', plan: { kind: "script", prints: ["NOT_READY 0"] } },
  {
    match: "new DeploymentImage({",
    plan: { kind: "typecheck-only", reason: "builds an image: needs a Docker engine (test/docker runs this journey)" },
  },
  {
    match: "client.subscribeEvents(",
    plan: { kind: "script", prints: [/^prefect\.flow-run\.Running \S+/m, /^prefect\.flow-run\.Completed \S+/m] },
  },
  { match: "withClient(client, () => hello())", plan: { kind: "script", prints: [/^hi$/m] } },
  {
    match: "const runs = await client.readFlowRuns({",
    plan: { kind: "script", prints: [/ COMPLETED \d{4}-\d\d-\d\dT/] },
  },
  { match: 'test("my flow completes"', plan: { kind: "vitest" } },
  { match: "client.readFlowRunHistory({", plan: { kind: "script", prints: ["24 hourly intervals"] } },
];

interface Example {
  readonly index: number;
  readonly code: string;
  readonly plan: Plan | undefined;
  readonly file: string;
}

/** The ```ts blocks of the README, in order (indented ones inside lists included). */
async function readmeExamples(): Promise<Omit<Example, "file">[]> {
  const readme = await readFile(join(root, "README.md"), "utf8");
  return [...readme.matchAll(/^( *)```ts\n([\s\S]*?)^\1```/gm)].map((m, index) => {
    const indent = m[1]!;
    const code = m[2]!
      .split("\n")
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join("\n");
    return { index, code, plan: PLANS.find((p) => code.includes(p.match))?.plan };
  });
}

const examples = await readmeExamples();

describe("README examples", () => {
  let dir: string;
  const homes: string[] = [];

  function freshHome(): string {
    const home = tempHome();
    homes.push(home);
    return home;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(root, "test", ".readme-"));
    // `export {}` makes each block a module, so top-level await and same-named constants do not clash.
    await Promise.all(examples.map((e) => writeFile(fileOf(e), `${e.code}\nexport {};\n`)));
    await writeFile(
      join(dir, "tsconfig.json"),
      JSON.stringify({ extends: "../../tsconfig.json", include: ["*.ts"], compilerOptions: { noEmit: true } }),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
  });

  function fileOf(example: { index: number; plan: Plan | undefined }): string {
    return join(
      dir,
      example.plan?.kind === "vitest" ? `snippet-${example.index}.test.ts` : `snippet-${example.index}.ts`,
    );
  }

  it("has a plan for every example, and every plan finds its example", () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
    expect(examples.filter((e) => e.plan === undefined).map((e) => e.code.split("\n").slice(0, 3).join("\n"))).toEqual(
      [],
    );
    const found = new Set(examples.map((e) => e.plan));
    expect(PLANS.filter((p) => !found.has(p.plan)).map((p) => p.match)).toEqual([]);
  });

  it("type-checks every example", async () => {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: root }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout.trim()).toBe("");
  }, 300_000);

  it("shows the settings table generated from src/settings/keys.ts", async () => {
    const script = join(root, "scripts", "settings-table.ts");
    await expect(run(process.execPath, ["--import", "tsx", script, "--check"], { cwd: root })).resolves.toBeDefined();
  });

  /** Runs the example file to its end, after its `setup` commands; with `workerPool`, while a worker polls that pool. */
  async function runScript(example: Example, plan: Extract<Plan, { kind: "script" }>): Promise<string> {
    const env = { PREFECT_HOME: freshHome() };
    for (const command of plan.setup ?? []) {
      const done = await runCli(command, env);
      expect(done.code, done.stdout + done.stderr).toBe(0);
    }
    const worker =
      plan.workerPool === undefined ? undefined : startCli(["worker", "start", "--pool", plan.workerPool], env);
    try {
      if (worker)
        await waitFor(() => worker.output().includes("started!"), {
          timeoutMs: 60_000,
          message: `worker on ${plan.workerPool}`,
        });
      const result = await runNode([...TSX, example.file], { cwd: root, env: cliEnv(env) });
      const output = result.stdout + result.stderr;
      expect(result.code, output).toBe(0);
      return output;
    } finally {
      if (worker && worker.child.exitCode === null) {
        worker.child.kill("SIGTERM");
        await worker.exited;
      }
    }
  }

  /** Starts the serving example, triggers a run from the CLI and waits for it, then stops serving with SIGTERM. */
  async function runServe(example: Example, plan: Extract<Plan, { kind: "serve" }>): Promise<string> {
    const env = { PREFECT_HOME: freshHome() };
    const child = spawn(process.execPath, [...TSX, example.file], {
      cwd: root,
      env: cliEnv(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      await waitFor(() => output.includes("being served"), { timeoutMs: 60_000, message: "the example to serve" });
      const triggered = await runCli(plan.trigger, env);
      expect(triggered.code, triggered.stdout + triggered.stderr + output).toBe(0);
      return triggered.stdout + triggered.stderr + output;
    } finally {
      if (child.exitCode === null) child.kill("SIGTERM");
      expect(await exited, output).toBe(0);
    }
  }

  /** Runs the testing example under vitest, resolving "prefect-ts" to src/ as the repository's config does. */
  async function runVitest(example: Example): Promise<string> {
    const src = join(root, "src");
    const config = join(dir, `vitest.snippet-${example.index}.config.mjs`);
    await writeFile(
      config,
      `export default ${JSON.stringify({
        resolve: {
          conditions: ["prefect-ts-source", "import", "node", "default"],
          alias: {
            "prefect-ts/testing": `${src}/testing/index.ts`,
            "prefect-ts/client": `${src}/client/index.ts`,
            "prefect-ts": `${src}/index.ts`,
          },
        },
        test: { root: dir, include: [`snippet-${example.index}.test.ts`], testTimeout: 60_000 },
      })};\n`,
    );
    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    const result = await runNode([vitest, "run", "--config", config], {
      cwd: dir,
      env: cliEnv({ PREFECT_HOME: freshHome() }),
    });
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    return output;
  }

  for (const found of examples) {
    const firstLine = found.code.split("\n").find((line) => line.trim() !== "" && !line.startsWith("import")) ?? "";
    const title = `example ${found.index + 1} (${firstLine.trim().slice(0, 60)})`;
    const plan = found.plan;
    if (plan === undefined) continue; // reported by the plan test above
    if (plan.kind === "typecheck-only") {
      it.skip(`${title}: type-checked only, ${plan.reason}`, () => undefined);
      continue;
    }
    it(`runs ${title}`, async () => {
      const example: Example = { ...found, file: fileOf(found) };
      let output: string;
      if (plan.kind === "script") output = await runScript(example, plan);
      else if (plan.kind === "serve") output = await runServe(example, plan);
      else output = await runVitest(example);
      if (plan.kind === "vitest") expect(output).toMatch(/1 passed/);
      else for (const expected of plan.prints) expect(output).toMatch(expected);
    }, 180_000);
  }
});
