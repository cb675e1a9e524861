// The CLI as a user meets it: messages that name the fix (an API URL without /api, a port in use, a missing work
// queue), Prefect's snake_case JSON for inspect and -o json, newest runs first, spinners only in a terminal. In-process
// through the CLI's context where possible; subprocesses for the journeys (a closed pipe, a terminal vs a pipe).
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrefectClient } from "../../src/client/index.js";
import { flowRunInspect, flowRunLs } from "../../src/cli/flow-run.js";
import { watchFlowRun } from "../../src/cli/flow-run-watch.js";
import { serverStart } from "../../src/cli/server.js";
import { workerStart } from "../../src/cli/worker.js";
import { workPoolInspect, workPoolLs } from "../../src/cli/work-pool.js";
import { ObjectNotFoundError, PrefectError, PrefectHTTPStatusError } from "../../src/errors.js";
import { createTestServer, type TestServer } from "../../src/testing/index.js";
import { testCliContext } from "../helpers/cli-context.js";
import { runNode } from "../helpers/run-node.js";
import { CLI, ROOT, cliEnv, runCli } from "./cli-helpers.js";

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/;

let server: TestServer;
let client: PrefectClient;
let runIds: string[];
let completedRunId: string;

beforeAll(async () => {
  server = await createTestServer({ transport: "http" });
  client = server.client;
  const flow = await client.createFlow("etl");
  runIds = [];
  for (const name of ["first-run", "second-run", "third-run"])
    runIds.push((await client.createFlowRun({ flowId: flow.id, name })).id);
  const done = await client.createFlowRun({ flowId: flow.id, name: "done-run", state: { type: "PENDING" } });
  await client.setFlowRunState(done.id, { type: "RUNNING" });
  await client.setFlowRunState(done.id, { type: "COMPLETED" });
  completedRunId = done.id;
  await client.createWorkPool({ name: "pool-a", type: "process" });
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  const logs = Array.from({ length: 3000 }, (_, i) => ({
    name: "prefect.flow_runs",
    level: 20,
    message: `line ${i} ${"x".repeat(60)}`,
    timestamp: new Date(t0 + i),
    flowRunId: done.id,
  }));
  for (let i = 0; i < logs.length; i += 500) await client.createLogs(logs.slice(i, i + 500));
});

afterAll(async () => {
  await server?.close();
});

describe("an API URL without /api", () => {
  it("says to add /api, for list (POST) and read (GET) commands alike, instead of a bare 404", async () => {
    const base = server.apiUrl.replace(/\/api$/, "");
    const rootClient = new PrefectClient({ apiUrl: base });
    const ls = flowRunLs(testCliContext({ client: rootClient }), { limit: 15 });
    await expect(ls).rejects.toBeInstanceOf(PrefectHTTPStatusError);
    await expect(ls).rejects.not.toBeInstanceOf(ObjectNotFoundError);
    await expect(ls).rejects.toThrow(
      `PREFECT_API_URL is missing its /api path. Set it to the API's URL, e.g. prefect-ts config set PREFECT_API_URL=${base}/api`,
    );
    await expect(workPoolInspect(testCliContext({ client: rootClient }), "pool-a", {})).rejects.toThrow(
      "missing its /api path",
    );
  });

  it("leaves a real missing object alone", async () => {
    await expect(client.readFlowRun("00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(
      ObjectNotFoundError,
    );
  });
});

describe("server start on a port in use", () => {
  it("names the port, says a Prefect server already answers there, and suggests --port", async () => {
    const port = Number(new URL(server.apiUrl).port);
    const context = testCliContext({ env: { PREFECT_SERVER_API_PORT: String(port) } });
    const error = await serverStart(context, { host: "127.0.0.1", port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectError);
    expect((error as Error).message).toContain(
      `Port ${port} on 127.0.0.1 is already in use: a prefect-ts or Prefect server already answers there`,
    );
    expect((error as Error).message).toContain(`--port ${port + 1}`);
  });

  it("says when another program holds the port", async () => {
    // Another program: it accepts connections and answers nothing HTTP.
    const sockets = new Set<Socket>();
    const other: Server = createServer((socket) => {
      sockets.add(socket);
      socket.end("hello\n");
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const port = (other.address() as { port: number }).port;
      const error = await serverStart(testCliContext(), { host: "127.0.0.1", port }).catch((e: unknown) => e);
      expect((error as Error).message).toContain(`Port ${port} on 127.0.0.1 is already in use by another program`);
      expect((error as Error).message).toContain("--port");
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe("worker start", () => {
  it("on a work queue the pool does not have: one line naming the queues and the fix", async () => {
    const context = testCliContext({ client, env: { PREFECT_API_URL: server.apiUrl } });
    const started = workerStart(context, { pool: "pool-a", workQueue: ["nope"], runOnce: true });
    await expect(started).rejects.toBeInstanceOf(PrefectError);
    await expect(started).rejects.toThrow(
      "Work pool 'pool-a' has no work queue 'nope' (its queues: 'default'). Create it with `prefect-ts work-queue create 'nope' --pool 'pool-a'`",
    );
  });
});

describe("worker start on a missing pool", () => {
  it("of a type nobody knows: one line naming the known types, nothing created", async () => {
    const context = testCliContext({ client, env: { PREFECT_API_URL: server.apiUrl } });
    const started = workerStart(context, { pool: "no-such-pool", type: "weird", runOnce: true });
    await expect(started).rejects.toBeInstanceOf(PrefectError);
    await expect(started).rejects.toThrow(/^Unknown worker type "weird"\. Known types: .*process/);
    await expect(client.readWorkPool("no-such-pool")).rejects.toBeInstanceOf(ObjectNotFoundError);
  });
});

describe("Prefect's output", () => {
  it("flow-run ls lists the newest runs first", async () => {
    const context = testCliContext();
    await flowRunLs({ ...context, client: async () => client }, { limit: 15 });
    const text = context.io.stdout.text;
    const order = ["done-run", "third-run", "second-run", "first-run"].map((name) => text.indexOf(name));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("-o json and inspect print Prefect's snake_case wire fields, not our camelCase models", async () => {
    const ls = testCliContext({ client });
    await flowRunLs(ls, { limit: 15, output: "json" });
    const runs = JSON.parse(ls.io.stdout.text) as Record<string, unknown>[];
    expect(runs[0]).toHaveProperty("flow_id");
    expect(runs[0]).toHaveProperty("expected_start_time");
    expect(runs[0]).not.toHaveProperty("flowId");

    const inspect = testCliContext({ client });
    await flowRunInspect(inspect, completedRunId, {});
    const run = JSON.parse(inspect.io.stdout.text) as {
      id: string;
      state: { type: string; state_details: unknown };
      run_count: number;
    };
    expect(run).toMatchObject({ id: completedRunId, state: { type: "COMPLETED" } });
    expect(run.state).toHaveProperty("state_details");

    const pool = testCliContext({ client });
    await workPoolInspect(pool, "pool-a", {});
    const shown = JSON.parse(pool.io.stdout.text) as Record<string, unknown>;
    expect(shown).toMatchObject({ name: "pool-a", type: "process", is_paused: false });
    expect(shown).toHaveProperty("base_job_template");
    expect(shown).toHaveProperty("default_queue_id");

    const pools = testCliContext({ client });
    await workPoolLs(pools, { output: "json" });
    expect((JSON.parse(pools.io.stdout.text) as Record<string, unknown>[])[0]).toHaveProperty("concurrency_limit");
  });

  it("colours states in a terminal and not in a pipe", async () => {
    const terminal = testCliContext({ client, tty: true, columns: 200 });
    await flowRunLs(terminal, { limit: 15 });
    expect(terminal.io.stdout.text).toContain("\u001b[32mCompleted\u001b[39m");
    const pipe = testCliContext({ client });
    await flowRunLs(pipe, { limit: 15 });
    expect(pipe.io.stdout.text).not.toMatch(ANSI);
  });

  it("--watch shows a spinner in a terminal only", async () => {
    const run = await client.readFlowRun(completedRunId);
    const terminal = testCliContext({ client, tty: true, columns: 120 });
    await watchFlowRun(terminal, client, run, { intervalSeconds: 0.1 });
    expect(terminal.io.stderr.text).toContain("Watching flow run 'done-run'");
    expect(terminal.io.stdout.text).toContain("Flow run 'done-run' is in state '\u001b[32mCompleted\u001b[39m'.");
    const pipe = testCliContext({ client });
    await watchFlowRun(pipe, client, run, { intervalSeconds: 0.1 });
    expect(pipe.io.stderr.text).toBe("");
    expect(pipe.io.stdout.text).toContain("Flow run 'done-run' is in state 'Completed'.");
  });
});

describe("journeys", () => {
  const env = (): Record<string, string> => ({ PREFECT_API_URL: server.apiUrl });

  it("piping into head exits quietly (no EPIPE crash)", async () => {
    const command = `${[process.execPath, ...CLI].map((a) => `'${a}'`).join(" ")} flow-run logs ${completedRunId} | head -n 2; echo "cli exit $\{PIPESTATUS[0]}" >&2`;
    const result = await runNode(
      [
        "-e",
        `require("node:child_process").execFileSync("bash", ["-c", process.argv[1]], { stdio: "inherit" })`,
        command,
      ],
      {
        cwd: ROOT,
        env: cliEnv(env()),
      },
    );
    expect(result.stdout.trim().split("\n")).toHaveLength(2);
    expect(result.stderr).not.toContain("EPIPE");
    expect(result.stderr.trim()).toBe("cli exit 0");
  });

  it("colours in a terminal (script -qc), not in a pipe, not with NO_COLOR", async () => {
    const cli = `${[process.execPath, ...CLI].map((a) => `'${a}'`).join(" ")} flow-run ls`;
    const inTerminal = (extra: Record<string, string>) =>
      runNode(
        [
          "-e",
          `process.stdout.write(require("node:child_process").execFileSync("script", ["-qec", process.argv[1], "/dev/null"]))`,
          cli,
        ],
        {
          cwd: ROOT,
          env: cliEnv({ ...env(), ...extra }),
        },
      );
    const tty = await inTerminal({ NO_COLOR: "" });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stdout).toMatch(ANSI);
    expect((await inTerminal({ NO_COLOR: "1" })).stdout).not.toMatch(ANSI);
    const piped = await runCli(["flow-run", "ls"], { ...env(), NO_COLOR: "" });
    expect(piped.stdout).toContain("done-run");
    expect(piped.stdout).not.toMatch(ANSI);
  });

  it("prints one line for an error, the stack only with --debug", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const plain = await runCli(["flow-run", "inspect", missing], env());
    expect(plain.code).toBe(1);
    expect(plain.stderr.trim()).toBe(`Flow run '${missing}' not found!`);
    const debug = await runCli(["--debug", "flow-run", "inspect", missing], env());
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain(`Flow run '${missing}' not found!`);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
