// Importing "prefect-ts", defining flows/tasks and calling getClient() must not load zod, ky, undici, better-sqlite3,
// hono, the client's resource code or the server (bench/startup.bench.ts: <= 60 ms over bare node); the first flow call
// loads them. Checked in a child process with a resolve hook.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { distIsFresh } from "../../helpers/cli-entry.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const hook = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "fixtures", "record-imports.mjs")).href;
const MARK = "--- first flow call ---";

const script = `
  import { appendFileSync } from "node:fs";
  const { flow, task, getClient } = await import("prefect-ts");
  const client = getClient();
  if (typeof client.subscribeEvents !== "function") throw new Error("getClient() has no subscribeEvents");
  const double = task({ name: "double" }, async (x) => x * 2);
  const f = flow({ name: "lazy-client" }, async (x) => double(x));
  appendFileSync(process.env.RECORD_IMPORTS_FILE, ${JSON.stringify(MARK)} + "\\n");
  console.log(JSON.stringify({ result: await f(21) }));
`;

const HEAVY = ["zod", "ky", "undici", "better-sqlite3", "hono", "@hono/node-server"];

function packagesIn(urls: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const url of urls) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m) names.add(m[1]!);
    if (/\/src\/server\/|\/dist\/server\//.test(url)) names.add("<server>");
    // The PrefectClient class itself is light; its resource modules (the schemas, the transport) are what weighs.
    if (/\/(src|dist)\/client\/(resource-apis|http|flows|flow-runs|deployments)\./.test(url)) names.add("<client>");
    // What only serve(), deployments and profiles files need: loaded at their first use, never for a plain flow call.
    if (/\/(src|dist)\/worker\/runner\./.test(url)) names.add("<runner>");
    if (/\/(src|dist)\/deploy\/entrypoint-site\./.test(url)) names.add("<entrypoint-site>");
  }
  return names;
}

/** What a child process loaded before and after its first flow call, and what it printed. */
interface Recorded {
  before: Set<string>;
  after: Set<string>;
  /** Files of the built package (dist/) it loaded in all. */
  ownFiles: number;
  stdout: string;
}

async function recordImports(nodeArgs: readonly string[]): Promise<Recorded> {
  const home = await mkdtemp(join(tmpdir(), "prefect-ts-import-"));
  try {
    const record = join(home, "imports.txt");
    const out = await promisify(execFile)(
      process.execPath,
      [...nodeArgs, "--import", hook, "--input-type=module", "-e", script],
      {
        cwd: root,
        env: {
          ...process.env,
          RECORD_IMPORTS_FILE: record,
          PREFECT_HOME: home,
          PREFECT_API_URL: "",
          PREFECT_LOGGING_LEVEL: "WARNING",
        },
        timeout: 30_000,
      },
    );
    const lines = (await readFile(record, "utf8")).split("\n").filter(Boolean);
    const mark = lines.indexOf(MARK);
    expect(mark).toBeGreaterThan(0);
    const own = new Set(lines.filter((url) => url.startsWith(pathToFileURL(join(root, "dist")).href + "/")));
    return {
      before: packagesIn(lines.slice(0, mark)),
      after: packagesIn(lines.slice(mark + 1)),
      ownFiles: own.size,
      stdout: out.stdout,
    };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

describe("SDK import", () => {
  let before: Set<string>;
  let after: Set<string>;
  let stdout: string;

  beforeAll(async () => {
    ({ before, after, stdout } = await recordImports(["--conditions=prefect-ts-source", "--import", "tsx"]));
  }, 40_000);

  it("loads none of zod, ky, undici, better-sqlite3, hono, the client's resources or the server to define flows and get a client", () => {
    const loaded = [...HEAVY, "<server>", "<client>"].filter((name) => before.has(name));
    expect(loaded).toEqual([]);
  });

  it("loads neither the Runner, the entrypoint lookup nor smol-toml (no profiles file) to import, define or call a flow", () => {
    for (const name of ["<runner>", "<entrypoint-site>", "smol-toml"]) {
      expect(before.has(name), name).toBe(false);
      expect(after.has(name), name).toBe(false);
    }
  });

  it("loads the client and the embedded server on the first flow call, which then runs", () => {
    expect(JSON.parse(stdout.trim().split("\n").at(-1)!)).toEqual({ result: 42 });
    for (const name of ["zod", "better-sqlite3", "hono", "<client>", "<server>"])
      expect(after.has(name), name).toBe(true);
  });
});

// The built package as users load it: one bundle per entry with chunks (scripts/build.mjs). Its module names say
// nothing of src/'s layers, so the packages tell what loaded; and the bundle's point, few files, is checked.
describe.runIf(distIsFresh())("SDK import, built package (dist/)", () => {
  let built: Recorded;

  beforeAll(async () => {
    built = await recordImports([]);
  }, 40_000);

  it("loads none of zod, ky, undici, better-sqlite3 or hono to define flows and get a client", () => {
    expect(HEAVY.filter((name) => built.before.has(name))).toEqual([]);
  });

  it("runs the first flow call, loading the client's and the server's packages then", () => {
    expect(JSON.parse(built.stdout.trim().split("\n").at(-1)!)).toEqual({ result: 42 });
    for (const name of ["zod", "better-sqlite3", "hono"]) expect(built.after.has(name), name).toBe(true);
  });

  it("loads a few dozen of its own files for it, not one per source module (tsc's output: 238)", () => {
    expect(built.ownFiles).toBeGreaterThan(0);
    expect(built.ownFiles).toBeLessThan(100);
  });
});
