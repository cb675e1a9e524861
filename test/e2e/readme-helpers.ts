// The README's TypeScript examples and how each runs: its plan (a script, a served flow triggered from the CLI, a
// vitest file, or type-checked only), what it must print, and which readme-<group>.test.ts runs it. readme.test.ts
// checks that every example has a plan and type-checks them all; each group file runs its examples as written.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import { runNode, startNode } from "../helpers/run-node.js";
import { TS_RUN } from "../helpers/cli-entry.js";
import { cliEnv, ROOT, runCliInProcess, startCli, tempHome } from "./cli-helpers.js";

/** The files the examples are run by, one per README part: `test/e2e/readme-<group>.test.ts`. */
export const README_GROUPS = ["flows", "serving", "deploying", "servers"] as const;
export type ReadmeGroup = (typeof README_GROUPS)[number];

/** How an example is run and what it must print (stdout and stderr together), and which group file runs it. */
export type Plan = { group: ReadmeGroup } & (
  | { kind: "script"; prints: (string | RegExp)[]; workerPool?: string; setup?: string[][] }
  | { kind: "serve"; trigger: string[]; prints: (string | RegExp)[] }
  | { kind: "vitest" }
  | { kind: "typecheck-only"; reason: string }
);

/** Each example, found by a line of its code, and how it runs. A new example needs a plan here. */
export const PLANS: { match: string; plan: Plan }[] = [
  {
    match: "csrf: { enabled: true }",
    plan: { group: "servers", kind: "script", prints: ['403 {"detail":"Missing CSRF token."}', /^etl$/m] },
  },
  {
    match: 'flow({ name: "hello-flow" }, async (name: string',
    plan: { group: "flows", kind: "script", prints: ["Hello, Ada!"] },
  },
  { match: "const add = task(async function add(", plan: { group: "flows", kind: "script", prints: ["sum: 6"] } },
  {
    match: 'await Variable.set("db_config"',
    plan: { group: "servers", kind: "script", prints: ["localhost:5432, 3 retries"] },
  },
  {
    match: "const salesReport = flow(",
    plan: { group: "servers", kind: "script", prints: ["Total: **215**"] },
  },
  { match: "risky.callWithState(true)", plan: { group: "flows", kind: "script", prints: [/^FAILED .*boom/m] } },
  {
    match: 'flow({ name: "nightly", retries: 1',
    plan: { group: "flows", kind: "script", prints: ["body of https://example.com after 3 calls, steady: ok"] },
  },
  { match: "console.log(await cached())", plan: { group: "flows", kind: "script", prints: [/^Cached$/m] } },
  {
    match: 'flow({ name: "parent" }',
    plan: { group: "flows", kind: "script", prints: ['{"both":[4,6],"mapped":[10,20,30]}'] },
  },
  {
    match: "await chatty();",
    plan: { group: "flows", kind: "script", prints: ["disk is 91% full", "this line becomes a run log too"] },
  },
  {
    match: 'flow(\n  { name: "forecast"',
    plan: { group: "flows", kind: "script", prints: ["5-day forecast for Lisbon", /city/] },
  },
  {
    match: "await repoInfo.serve(",
    plan: {
      group: "serving",
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
    plan: {
      group: "serving",
      kind: "serve",
      trigger: ["deployment", "run", "extract/daily", "--watch"],
      prints: [/Completed/],
    },
  },
  {
    match: 'flow({ name: "copy-rows" }',
    plan: {
      group: "serving",
      kind: "script",
      prints: [/"type":"integer"/, /"default":500/, /"description":"rows per insert"/, /"position":1/],
    },
  },
  // Declaring specs registers nothing: the script runs to its end quietly (seed-003-specs.test.ts runs `deployment create`).
  { match: "new DeploymentSpec({ flow: leonardoDicapriflow", plan: { group: "serving", kind: "script", prints: [] } },
  {
    match: 'runDeployment<typeof etl>("etl/nightly"',
    plan: { group: "deploying", kind: "script", workerPool: "etl-pool", prints: [/^COMPLETED$/m] },
  },
  {
    match: 'workPoolName: "tutorial-process-pool"',
    plan: { group: "deploying", kind: "script", workerPool: "tutorial-process-pool", prints: [/^Completed$/m] },
  },
  {
    match: 'readBlockDocumentByName("db-password", "secret")',
    plan: {
      group: "servers",
      kind: "script",
      setup: [["block", "create", "secret", "db-password", "--field", "value=hunter2"]],
      prints: ["Secret [ 'value' ]"],
    },
  },
  {
    match: 'client.createWorkPool({ name: "my-pool"',
    plan: { group: "deploying", kind: "script", prints: ["NOT_READY 0"] },
  },
  {
    match: "new DeploymentImage({",
    plan: {
      group: "deploying",
      kind: "typecheck-only",
      reason: "builds an image: needs a Docker engine (test/docker runs this journey)",
    },
  },
  {
    match: "client.subscribeEvents(",
    plan: {
      group: "servers",
      kind: "script",
      prints: [/^prefect\.flow-run\.Running \S+/m, /^prefect\.flow-run\.Completed \S+/m],
    },
  },
  { match: "withClient(client, () => hello())", plan: { group: "servers", kind: "script", prints: [/^hi$/m] } },
  {
    match: "const runs = await client.readFlowRuns({",
    plan: { group: "servers", kind: "script", prints: [/ COMPLETED \d{4}-\d\d-\d\dT/] },
  },
  { match: 'test("my flow completes"', plan: { group: "servers", kind: "vitest" } },
  {
    match: "client.readFlowRunHistory({",
    plan: { group: "servers", kind: "script", prints: ["24 hourly intervals"] },
  },
];

/** One ```ts block of the README: its position, its code (indentation of a list removed), and its plan. */
export interface ReadmeExample {
  readonly index: number;
  readonly code: string;
  readonly plan: Plan | undefined;
}

/** The ```ts blocks of the README, in order (indented ones inside lists included). */
export async function readmeExamples(): Promise<ReadmeExample[]> {
  const readme = await readFile(join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/^( *)```ts\n([\s\S]*?)^\1```/gm)].map((m, index) => {
    const indent = m[1]!;
    const code = m[2]!
      .split("\n")
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
      .join("\n");
    return { index, code, plan: PLANS.find((p) => code.includes(p.match))?.plan };
  });
}

/** The group file that runs `group`'s examples. */
export function groupFile(group: ReadmeGroup): string {
  return join(ROOT, "test", "e2e", `readme-${group}.test.ts`);
}

/** The groups whose file is missing or does not run that group (so every planned example is run by one file). */
export function missingGroupFiles(): string[] {
  return README_GROUPS.filter((group) => {
    const file = groupFile(group);
    return !existsSync(file) || !readFileSync(file, "utf8").includes(`describeReadmeGroup("${group}"`);
  });
}

/**
 * A temp folder inside the repository (so "prefect-ts" resolves to this package) holding `examples`, each as
 * `snippet-<index>.ts` (`.test.ts` for the vitest one). `export {}` makes each block a module, so top-level await and
 * same-named constants do not clash.
 */
export async function writeExamples(examples: readonly ReadmeExample[]): Promise<string> {
  const dir = await mkdtemp(join(ROOT, "test", ".readme-"));
  await Promise.all(examples.map((e) => writeFile(fileOf(dir, e), `${e.code}\nexport {};\n`)));
  return dir;
}

/** Where {@link writeExamples} put an example. */
export function fileOf(dir: string, example: ReadmeExample): string {
  return join(
    dir,
    example.plan?.kind === "vitest" ? `snippet-${example.index}.test.ts` : `snippet-${example.index}.ts`,
  );
}

type RunPlan<K extends Plan["kind"]> = Extract<Plan, { kind: K }>;

/**
 * Runs the example file to its end, after its `setup` commands (the CLI in-process: they only seed the database);
 * with `workerPool`, while `prefect-ts worker start --pool` polls that pool in its own process.
 */
async function runScript(file: string, plan: RunPlan<"script">, home: string): Promise<string> {
  const env = { PREFECT_HOME: home };
  for (const command of plan.setup ?? []) {
    const done = await runCliInProcess(command, env);
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
    const result = await runNode([...TS_RUN, file], { cwd: ROOT, env: cliEnv(env) });
    const output = result.stdout + result.stderr;
    expect(result.code, output + (worker?.output() ?? "")).toBe(0);
    return output;
  } finally {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
  }
}

/**
 * Starts the serving example in its own process, triggers a run with the CLI (in-process: the command's parsing,
 * output and exit code, without a Node start) and watches it to its end, then stops serving with SIGTERM.
 */
async function runServe(file: string, plan: RunPlan<"serve">, home: string): Promise<string> {
  const env = { PREFECT_HOME: home };
  const { child, output, exited } = startNode([...TS_RUN, file], { cwd: ROOT, env: cliEnv(env) });
  try {
    await waitFor(() => output().includes("being served") || child.exitCode !== null, {
      timeoutMs: 60_000,
      message: "the example to serve",
    });
    expect(output()).toContain("being served");
    const triggered = await runCliInProcess(plan.trigger, env);
    expect(triggered.code, triggered.stdout + triggered.stderr + output()).toBe(0);
    return triggered.stdout + triggered.stderr + output();
  } finally {
    if (child.exitCode === null) child.kill("SIGTERM");
    expect(await exited, output()).toBe(0);
  }
}

/** Runs the testing example under vitest, resolving "prefect-ts" to src/ as the repository's config does. */
async function runVitest(dir: string, example: ReadmeExample, home: string): Promise<string> {
  const src = join(ROOT, "src");
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
  const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
  const result = await runNode([vitest, "run", "--config", config], { cwd: dir, env: cliEnv({ PREFECT_HOME: home }) });
  const output = result.stdout + result.stderr;
  expect(result.code, output).toBe(0);
  return output;
}

/** The title of an example's test: its number in the README and its first line of code. */
function titleOf(example: ReadmeExample): string {
  const firstLine = example.code.split("\n").find((line) => line.trim() !== "" && !line.startsWith("import")) ?? "";
  return `example ${example.index + 1} (${firstLine.trim().slice(0, 60)})`;
}

/**
 * Defines the tests that run `group`'s examples, each as written on a fresh PREFECT_HOME, its output checked.
 * Examples without a plan are reported by readme.test.ts.
 */
export function describeReadmeGroup(group: ReadmeGroup, examples: readonly ReadmeExample[]): void {
  const mine = examples.filter((e) => e.plan?.group === group);
  describe(`README examples (${group})`, () => {
    let dir: string;
    const homes: string[] = [];

    beforeAll(async () => {
      dir = await writeExamples(mine);
    });

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
      await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
    });

    it("has examples to run", () => {
      expect(mine.length).toBeGreaterThan(0);
    });

    for (const example of mine) {
      const plan = example.plan!;
      const title = titleOf(example);
      if (plan.kind === "typecheck-only") {
        it.skip(`${title}: type-checked only (readme.test.ts), ${plan.reason}`, () => undefined);
        continue;
      }
      it(`runs ${title}`, async () => {
        const home = tempHome();
        homes.push(home);
        const file = fileOf(dir, example);
        if (plan.kind === "vitest") {
          expect(await runVitest(dir, example, home)).toMatch(/1 passed/);
          return;
        }
        const output = plan.kind === "script" ? await runScript(file, plan, home) : await runServe(file, plan, home);
        for (const expected of plan.prints) expect(output).toMatch(expected);
      }, 180_000);
    }
  });
}
