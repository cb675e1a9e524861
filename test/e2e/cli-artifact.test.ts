// `prefect-ts artifact ls|inspect|delete` in-process through the CLI's entry, against one loopback test server whose
// artifacts the SDK and the client make: the latest of each key vs --all, -o json, inspect's order, delete by key and
// by id (the previous version becoming the latest), and the messages for bad or missing input. The [y/N] question runs
// in a real pseudo-terminal, the one place the CLI asks it.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Artifact, PrefectClient } from "../../src/client/index.js";
import { createMarkdownArtifact, createProgressArtifact, createTableArtifact, withClient } from "../../src/index.js";
import { createTestServer, waitFor, type TestServer } from "../../src/testing/index.js";
import { KEYS, startPty } from "../helpers/pty.js";
import { CLI, ROOT, cliEnv, runCliInProcess, tempHome } from "./cli-helpers.js";

const MISSING_ID = "00000000-0000-4000-8000-000000000000";

let server: TestServer;
let client: PrefectClient;
let home: string;
let env: Record<string, string>;
/** The ids the fixtures' SDK calls returned. */
const ids: Record<"reportV1" | "reportV2" | "table" | "progress" | "keyless", string> = {
  reportV1: "",
  reportV2: "",
  table: "",
  progress: "",
  keyless: "",
};

/** The body rows of a printed table (header included), each as its trimmed cells. */
function tableRows(stdout: string): string[][] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("│"))
    .map((line) =>
      line
        .split("│")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

/** Two versions of `key`, the second the latest. */
async function twoVersions(key: string): Promise<[Artifact, Artifact]> {
  const first = await client.createArtifact({ key, type: "markdown", data: "v1" });
  const second = await client.createArtifact({ key, type: "markdown", data: "v2" });
  return [first, second];
}

beforeAll(async () => {
  server = await createTestServer({ transport: "http" });
  client = server.client;
  home = tempHome();
  env = { PREFECT_HOME: home, PREFECT_API_URL: server.apiUrl };
  await withClient(client, async () => {
    ids.reportV1 = await createMarkdownArtifact("# Sales\n\nTotal: **1**", { key: "sales-report" });
    ids.reportV2 = await createMarkdownArtifact("# Sales\n\nTotal: **2**", {
      key: "sales-report",
      description: "the second",
    });
    ids.table = await createTableArtifact([{ region: "EU", sales: 120 }], { key: "a-table" });
    ids.progress = await createProgressArtifact(40, { key: "import-progress" });
    ids.keyless = await createMarkdownArtifact("no key");
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

describe("prefect-ts artifact ls", () => {
  it("lists the latest artifact of each key by key, its ID the latest version's id", async () => {
    const ls = await runCliInProcess(["artifact", "ls"], env);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout.split("\n")[0]).toBe("Artifacts");
    const [head, ...rows] = tableRows(ls.stdout);
    expect(head).toEqual(["ID", "Key", "Type", "Updated"]);
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      [ids.table, "a-table", "table"],
      [ids.progress, "import-progress", "progress"],
      [ids.reportV2, "sales-report", "markdown"],
    ]);
    for (const row of rows) expect(row[3]).toMatch(/^(now|\d+ (second|minute|hour|day)s? ago)$/);
    expect(ls.stdout).not.toContain(ids.reportV1);
    expect(ls.stdout).not.toContain(ids.keyless);

    const limited = await runCliInProcess(["artifact", "ls", "--limit", "1"], env);
    expect(tableRows(limited.stdout).slice(1)).toEqual([[ids.table, "a-table", "table", expect.any(String)]]);
  });

  it("--all lists every version and the artifacts without a key", async () => {
    for (const flag of ["--all", "-a"]) {
      const all = await runCliInProcess(["artifact", "ls", flag], env);
      expect(all.code, all.stderr).toBe(0);
      const rows = tableRows(all.stdout).slice(1);
      expect(rows.map((r) => r[0]).sort()).toEqual(Object.values(ids).sort());
      expect(rows.find((r) => r[0] === ids.keyless)?.slice(1, 3)).toEqual(["-", "markdown"]);
      // By key, and each key's newest version first.
      const keyed = rows.filter((r) => r[1] !== "-").map((r) => r[0]);
      expect(keyed).toEqual([ids.table, ids.progress, ids.reportV2, ids.reportV1]);
    }
  });

  it("-o json prints the API's snake_case JSON; another format is refused", async () => {
    const latest = await runCliInProcess(["artifact", "ls", "-o", "json"], env);
    expect(latest.code, latest.stderr).toBe(0);
    const collections = JSON.parse(latest.stdout) as Record<string, unknown>[];
    expect(collections.map((c) => [c.key, c.latest_id])).toEqual([
      ["a-table", ids.table],
      ["import-progress", ids.progress],
      ["sales-report", ids.reportV2],
    ]);
    expect(collections[2]).toMatchObject({
      type: "markdown",
      description: "the second",
      data: "# Sales\n\nTotal: **2**",
      flow_run_id: null,
    });
    expect(collections[0]?.data).toBe(JSON.stringify([{ region: "EU", sales: 120 }]));
    expect(collections[1]?.data).toBe(40);

    const all = await runCliInProcess(["artifact", "ls", "--all", "--output", "json"], env);
    expect(all.code, all.stderr).toBe(0);
    const artifacts = JSON.parse(all.stdout) as Record<string, unknown>[];
    expect(artifacts.map((a) => a.id).sort()).toEqual(Object.values(ids).sort());
    expect(Object.keys(artifacts[0] ?? {})).toContain("task_run_id");

    const yaml = await runCliInProcess(["artifact", "ls", "-o", "yaml"], env);
    expect(yaml.code).toBe(1);
    expect(yaml.stderr.trim()).toBe("Only 'json' output format is supported.");
  });
});

describe("prefect-ts artifact inspect", () => {
  it("prints every version of a key, most recently updated first; --limit cuts the list", async () => {
    // The first version, updated after the second was made, comes first: the order is `updated`'s, not creation's.
    const second = await client.readArtifact(ids.reportV2);
    await waitFor(() => Date.now() > (second.updated?.getTime() ?? 0));
    await client.updateArtifact(ids.reportV1, { description: "revised" });

    const inspect = await runCliInProcess(["artifact", "inspect", "sales-report"], env);
    expect(inspect.code, inspect.stderr).toBe(0);
    const versions = JSON.parse(inspect.stdout) as Record<string, unknown>[];
    expect(versions.map((v) => v.id)).toEqual([ids.reportV1, ids.reportV2]);
    expect(versions[0]).toMatchObject({ key: "sales-report", type: "markdown", description: "revised" });
    expect(Object.keys(versions[0] ?? {}).sort()).toEqual(
      [
        "created",
        "data",
        "description",
        "flow_run_id",
        "id",
        "key",
        "metadata_",
        "task_run_id",
        "type",
        "updated",
      ].sort(),
    );
    expect(inspect.stdout).toContain('\n  {\n    "id"');

    const json = await runCliInProcess(["artifact", "inspect", "sales-report", "--limit", "1", "-o", "json"], env);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((v) => v.id)).toEqual([ids.reportV1]);
  });

  it("says when a key has no artifacts, and refuses a format other than json", async () => {
    const missing = await runCliInProcess(["artifact", "inspect", "no-such-key"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe("Artifact 'no-such-key' not found.");
    const yaml = await runCliInProcess(["artifact", "inspect", "sales-report", "-o", "yaml"], env);
    expect(yaml.code).toBe(1);
    expect(yaml.stderr).toContain("Only 'json' output format is supported.");
  });
});

describe("prefect-ts artifact delete", () => {
  it("--id deletes one artifact, and the key's previous version becomes its latest", async () => {
    const [first, second] = await twoVersions("by-id");
    expect((await client.readLatestArtifact("by-id"))?.latestId).toBe(second.id);
    const del = await runCliInProcess(["artifact", "delete", "--id", second.id], env);
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout.trim()).toBe(`Deleted artifact with id '${second.id}'.`);
    expect((await client.readLatestArtifact("by-id"))?.latestId).toBe(first.id);
    const ls = await runCliInProcess(["artifact", "ls"], env);
    expect(tableRows(ls.stdout).find((r) => r[1] === "by-id")?.[0]).toBe(first.id);

    const again = await runCliInProcess(["artifact", "delete", "--id", second.id], env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`Artifact with id '${second.id}' not found!`);
  });

  it("KEY deletes every version of the key; a key without artifacts says so", async () => {
    await twoVersions("by-key");
    const keep = await client.createArtifact({ key: "by-key-kept", type: "markdown", data: "stays" });
    const del = await runCliInProcess(["artifact", "delete", "by-key"], env);
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout.trim()).toBe("Deleted 2 artifact(s) with key 'by-key'.");
    expect(await client.countArtifacts({ artifactFilter: { key: { any_: ["by-key"] } } })).toBe(0);
    expect(await client.readLatestArtifact("by-key")).toBeUndefined();
    expect((await client.readLatestArtifact("by-key-kept"))?.latestId).toBe(keep.id);

    const again = await runCliInProcess(["artifact", "delete", "by-key"], env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(
      "Artifact with key 'by-key' not found. You can also specify an artifact id with the --id flag.",
    );
  });

  it("wants a key or an id, not both and not neither; a malformed --id is named", async () => {
    const both = await runCliInProcess(["artifact", "delete", "sales-report", "--id", ids.reportV1], env);
    expect(both.code).toBe(1);
    expect(both.stderr.trim()).toBe("Please provide either a key or an artifact_id but not both.");
    const neither = await runCliInProcess(["artifact", "delete"], env);
    expect(neither.code).toBe(1);
    expect(neither.stderr.trim()).toBe("Please provide a key or an artifact_id.");
    const bad = await runCliInProcess(["artifact", "delete", "--id", "not-a-uuid"], env);
    // A usage error (exit 2), as Prefect's CLI makes a malformed UUID option.
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`"not-a-uuid" is not a valid UUID.`);
    expect(bad.stderr).toContain("--id");
    const missing = await runCliInProcess(["artifact", "delete", "--id", MISSING_ID], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(`Artifact with id '${MISSING_ID}' not found!`);
    expect(await client.countArtifacts({ artifactFilter: { key: { any_: ["sales-report"] } } })).toBe(2);
  });

  it("on a terminal asks first: no aborts and keeps the artifacts, --no-prompt deletes without asking", async () => {
    await twoVersions("asked");
    const pty = startPty([process.execPath, ...CLI, "artifact", "delete", "asked"], { cwd: ROOT, env: cliEnv(env) });
    try {
      await pty.waitFor("Are you sure you want to delete 2 artifact(s) with key 'asked'? [y/N]:");
      pty.send("n" + KEYS.enter);
      expect(await pty.exited, pty.screen()).toBe(1);
      expect(pty.screen()).toContain("Deletion aborted.");
    } finally {
      pty.kill();
    }
    expect(await client.countArtifacts({ artifactFilter: { key: { any_: ["asked"] } } })).toBe(2);

    const quiet = startPty([process.execPath, ...CLI, "--no-prompt", "artifact", "delete", "asked"], {
      cwd: ROOT,
      env: cliEnv(env),
    });
    try {
      expect(await quiet.exited, quiet.screen()).toBe(0);
      expect(quiet.screen()).toContain("Deleted 2 artifact(s) with key 'asked'.");
      expect(quiet.screen()).not.toContain("Are you sure");
    } finally {
      quiet.kill();
    }
  });
});

describe("prefect-ts artifact --help", () => {
  it("lists ls, inspect and delete", async () => {
    const help = await runCliInProcess(["artifact", "--help"], env);
    expect(help.code).toBe(0);
    for (const command of ["ls", "inspect", "delete"]) expect(help.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
  });
});
