// Seed 002 with a storage block, as a user types it: `block create local-file-system dev`, `deployment build ... -sb
// local-file-system/dev` uploads the project (minus .prefectignore's files), `deployment apply`, then an agent started
// in another directory (no project files there) runs `deployment run` from the code in storage: "Hello Marvin!".
// A deployment whose storage holds nothing at its path ends Crashed saying so; each run's copy is removed afterwards.
// The first build and apply run in-process through the CLI's entry in the project's directory; the second build (of
// the edited log_flow.ts, which a process loads afresh), the agent and the watched runs are processes.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_ENTRY } from "../helpers/cli-entry.js";
import { runNode } from "../helpers/run-node.js";
import { cliEnv, runCliInProcess, waitUntil } from "./cli-helpers.js";
import { useProjectSandbox } from "./project-sandbox.js";
import { killAll } from "./worker-helpers.js";

const sandbox = useProjectSandbox("unused-pool", "seed-002-storage");
// The CLI as it starts in a directory outside the repository (the fresh build, or the source: helpers/cli-entry.ts).
const CLI_ANYWHERE = CLI_ENTRY;
const store = mkdtempSync(join(tmpdir(), "prefect-ts-storage-"));
const elsewhere = mkdtempSync(join(tmpdir(), "prefect-ts-agent-cwd-"));
afterAll(() => {
  rmSync(store, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

const LOG_FLOW = (greeting: string) => `import { flow, getRunLogger } from "prefect-ts";

export const logFlow = flow({ name: "log-flow" }, async (name: string) => {
  getRunLogger().info(\`${greeting} \${name}!\`);
});
`;

describe("seed 002 with a local-file-system storage block", () => {
  it("uploads the project at build time and an agent in another directory runs the stored code", async () => {
    const dir = join(sandbox.projects, "prefect-tutorial");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "log_flow.ts"), LOG_FLOW("Hello"));
    writeFileSync(join(dir, "debug.log"), "left out by the default .prefectignore");
    const cli = (args: string[], cwd = dir) => runNode([...CLI_ANYWHERE, ...args], { cwd, env: cliEnv(sandbox.env) });
    const inProcess = (args: string[]) => runCliInProcess(args, sandbox.env, { cwd: dir });

    const block = await inProcess(["block", "create", "local-file-system", "dev", "--field", `basepath=${store}`]);
    expect(block.code, block.stdout + block.stderr).toBe(0);
    const built = await inProcess([
      "deployment",
      "build",
      "./log_flow.ts:logFlow",
      "-n",
      "log-simple",
      "-q",
      "test",
      "-sb",
      "local-file-system/dev",
    ]);
    expect(built.code, built.stdout + built.stderr).toBe(0);
    expect(built.stdout).toContain(`Default '.prefectignore' file written to\n${join(dir, ".prefectignore")}`);
    expect(built.stdout).toMatch(new RegExp(`Successfully uploaded \\d+ files to ${store}\\n`));
    expect(readFileSync(join(store, "log_flow.ts"), "utf8")).toBe(LOG_FLOW("Hello"));
    expect(existsSync(join(store, ".prefectignore"))).toBe(true);
    expect(existsSync(join(store, "debug.log"))).toBe(false);

    const yamlFile = join(dir, "log_flow-deployment.yaml");
    const text = readFileSync(yamlFile, "utf8");
    const derived = text.split("### DO NOT EDIT BELOW THIS LINE")[1] ?? "";
    expect(derived).toContain(`storage:\n  basepath: ${store}\n`);
    expect(derived).toMatch(/^ {2}_block_document_name: dev$/m);
    expect(derived).toMatch(/^ {2}_block_type_slug: local-file-system$/m);
    expect(derived).toMatch(/^path: null$/m);
    writeFileSync(yamlFile, text.replace("parameters: {}", "parameters: {'name':'Marvin'}"));
    const applied = await inProcess(["deployment", "apply", "log_flow-deployment.yaml"]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const deployment = await sandbox.client.readDeploymentByName("log-flow/log-simple");
    const [blockDocument] = await sandbox.client.readBlockDocuments({
      blockTypeFilter: { slug: { any_: ["local-file-system"] } },
    });
    expect(deployment.storageDocumentId).toBe(blockDocument?.id);
    expect(deployment.path).toBeNull();

    // The project changes after the upload: runs use the stored copy, not the project's files.
    writeFileSync(join(dir, "log_flow.ts"), LOG_FLOW("Goodbye"));
    // A second deployment stored at a path nothing was uploaded to: its runs cannot get their code.
    const empty = await cli([
      "deployment",
      "build",
      "./log_flow.ts:logFlow",
      "-n",
      "nothing-stored",
      "-q",
      "test",
      "-sb",
      "local-file-system/dev/never",
      "--skip-upload",
      "-o",
      "empty.yaml",
      "--apply",
    ]);
    expect(empty.code, empty.stdout + empty.stderr).toBe(0);
    expect(empty.stdout).not.toContain("Successfully uploaded");

    // The agent starts in a directory with no project files; each run's directory is made under TMPDIR, kept inside
    // the repository here so the stored log_flow.ts resolves `import "prefect-ts"` to this package.
    const runs = mkdtempSync(join(sandbox.projects, "runs-"));
    const agent = spawn(process.execPath, [...CLI_ANYWHERE, "agent", "start", "-q", "test"], {
      cwd: elsewhere,
      env: cliEnv({ ...sandbox.env, TMPDIR: runs }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    agent.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    agent.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => agent.on("exit", resolve));
    try {
      await waitUntil(
        () => {
          if (agent.exitCode !== null) throw new Error(`agent start exited with ${agent.exitCode}:\n${output}`);
          return output.includes("Agent started!");
        },
        { timeoutMs: 60_000, message: "the agent to start" },
      );
      const watched = await cli(["deployment", "run", "log-flow/log-simple", "--watch"], elsewhere);
      expect(watched.code, watched.stdout + watched.stderr + output).toBe(0);
      expect(watched.stdout + watched.stderr).toContain("Hello Marvin!");
      expect(watched.stdout + watched.stderr).not.toContain("Goodbye");
      expect(output).toContain(`Downloaded flow code from storage at '${store}' into ${runs}`);

      const crashed = await cli(["deployment", "run", "log-flow/nothing-stored", "--watch"], elsewhere);
      expect(crashed.code).not.toBe(0);
      expect(crashed.stdout + crashed.stderr).toMatch(/Crashed/);
      expect(crashed.stdout + crashed.stderr).toContain(
        `Downloading flow code from storage failed: Storage block 'local-file-system/dev' has no directory ${join(store, "never")}`,
      );
      // Each run's copy of the project is removed once the run is over.
      await waitUntil(() => readdirSync(runs).every((name) => !name.startsWith("prefect-ts-run-")), {
        timeoutMs: 30_000,
        message: "the runs' directories to be removed",
      });
    } finally {
      // Stopped as a user stops it (Ctrl-C): it lets its pre-started executor go before it exits. A SIGKILL orphaned
      // that child mid-start-up, and one caught starting tsx's loader thread as \`elsewhere\` was deleted hung for good.
      agent.kill("SIGTERM");
      await waitUntil(() => agent.exitCode !== null || agent.signalCode !== null, {
        timeoutMs: 60_000,
        message: "the agent to stop on SIGTERM",
      }).catch((error: unknown) => {
        killAll([agent.pid as number]);
        throw error;
      });
      await exited;
    }
  }, 300_000); // a dozen CLI processes in a row: a loaded 2-core machine needs more than the default

  it("-sb with a block that does not exist says how to create it, and writes nothing", async () => {
    const dir = join(sandbox.projects, "no-block");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "log_flow.ts"), LOG_FLOW("Hello"));
    const built = await runCliInProcess(
      ["deployment", "build", "log_flow.ts:logFlow", "-n", "s", "-sb", "local-file-system/missing"],
      sandbox.env,
      { cwd: dir },
    );
    expect(built.code).toBe(1);
    expect(built.stderr.trim()).toBe(
      "Storage block 'local-file-system/missing' not found. Create it with: prefect-ts block create local-file-system missing --field basepath=/srv/flows",
    );
    expect(existsSync(join(dir, "log_flow-deployment.yaml"))).toBe(false);
    expect(existsSync(join(dir, ".prefectignore"))).toBe(false);
  });
});
