// Which project files go to storage: .prefectignore lines matched as .gitignore (Prefect's pathspec gitwildmatch),
// on a real directory tree in a temp dir; and the local/remote file-system blocks' put/get on real directories.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors.js";
import { localFileSystem, remoteFileSystem } from "../../../../src/deploy/storage/file-system-storage.js";
import { listProjectFiles, readIgnoreFile } from "../../../../src/deploy/storage/ignore-rules.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "prefect-ts-ignore-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
}

describe("listProjectFiles", () => {
  it("keeps everything without patterns, as sorted / paths", () => {
    tree(dir, { "b.ts": "", "a/c.ts": "", "a/d/e.txt": "" });
    expect(listProjectFiles(dir)).toEqual(["a/c.ts", "a/d/e.txt", "b.ts"]);
  });

  it("matches as .gitignore: a bare name at any depth, a leading slash anchors, a trailing slash means directories", () => {
    tree(dir, {
      "debug.log": "",
      "src/deep/trace.log": "",
      "build/out.js": "",
      "src/build/keep.ts": "",
      cache: "a file named like the directory pattern",
      "src/cache/x": "",
      "flow.ts": "",
    });
    const patterns = ["# comment", "", "*.log", "/build", "cache/"];
    expect(listProjectFiles(dir, { patterns })).toEqual(["cache", "flow.ts", "src/build/keep.ts"]);
  });

  it("a negation brings a file back, but not one under an ignored directory (as git)", () => {
    tree(dir, { "a.log": "", "keep.log": "", "logs/keep.log": "" });
    expect(listProjectFiles(dir, { patterns: ["*.log", "!keep.log", "logs/"] })).toEqual(["keep.log"]);
  });

  it("is case-sensitive, as git on Linux and Prefect's pathspec", () => {
    tree(dir, { "README.MD": "", "notes.md": "" });
    expect(listProjectFiles(dir, { patterns: ["*.md"] })).toEqual(["README.MD"]);
  });

  it("follows symbolic links, enters a looping link once, and leaves out skipped directories", () => {
    tree(dir, { "real/x.ts": "", "out/old.ts": "" });
    symlinkSync(join(dir, "real"), join(dir, "linked"), "dir");
    symlinkSync(dir, join(dir, "real", "loop"), "dir");
    expect(listProjectFiles(dir, { skip: [join(dir, "out")] })).toEqual(["linked/x.ts", "real/x.ts"]);
  });

  it("names a root that is not a directory", () => {
    expect(() => listProjectFiles(join(dir, "nope"))).toThrow(ConfigError);
    expect(() => listProjectFiles(join(dir, "nope"))).toThrow(/is not a directory/);
  });

  it("readIgnoreFile: the lines of the file, none when it is missing", () => {
    writeFileSync(join(dir, ".prefectignore"), "*.log\r\n.env\n");
    expect(readIgnoreFile(join(dir, ".prefectignore"))).toEqual(["*.log", ".env", ""]);
    expect(readIgnoreFile(join(dir, "missing"))).toEqual([]);
    expect(readIgnoreFile(undefined)).toEqual([]);
  });
});

describe("file-system storage blocks", () => {
  it("local-file-system: put honours the ignore file and the sub-path; get copies back and honours a stored .prefectignore", async () => {
    const project = join(dir, "project");
    const store = join(dir, "store");
    tree(project, { "flow.ts": "export {}", "lib/util.ts": "u", "debug.log": "x", ".prefectignore": "*.log\n" });
    const storage = localFileSystem("local-file-system/dev", { basepath: store });
    const count = await storage.putDirectory({
      localPath: project,
      toPath: "flows/v1",
      ignoreFile: join(project, ".prefectignore"),
    });
    expect(count).toBe(3);
    expect(listProjectFiles(join(store, "flows/v1"))).toEqual([".prefectignore", "flow.ts", "lib/util.ts"]);
    expect(storage.location("flows/v1")).toBe(`${store}/flows/v1`);

    writeFileSync(join(store, "flows/v1/late.log"), "written after the upload");
    const run = join(dir, "run");
    await storage.getDirectory({ fromPath: "flows/v1", localPath: run });
    expect(listProjectFiles(run)).toEqual([".prefectignore", "flow.ts", "lib/util.ts"]);
    expect(readFileSync(join(run, "lib/util.ts"), "utf8")).toBe("u");
  });

  it("local-file-system: the whole basepath without a path; a path outside the basepath is refused; a missing one says so", async () => {
    const store = join(dir, "store");
    tree(store, { "a.ts": "" });
    const storage = localFileSystem("local-file-system/dev", { basepath: store });
    await storage.getDirectory({ fromPath: null, localPath: join(dir, "run") });
    expect(listProjectFiles(join(dir, "run"))).toEqual(["a.ts"]);
    await expect(storage.getDirectory({ fromPath: "../elsewhere", localPath: join(dir, "x") })).rejects.toThrow(
      /outside of the base path/,
    );
    await expect(storage.getDirectory({ fromPath: "/etc", localPath: join(dir, "x") })).rejects.toThrow(
      /outside of the base path/,
    );
    await expect(storage.getDirectory({ fromPath: "never-uploaded", localPath: join(dir, "x") })).rejects.toThrow(
      /Storage block 'local-file-system\/dev' has no directory .*never-uploaded: was the deployment built with -sb local-file-system\/dev/,
    );
  });

  it("local-file-system: a storage directory inside the project is not copied into itself", async () => {
    const project = join(dir, "project");
    tree(project, { "flow.ts": "" });
    const storage = localFileSystem("local-file-system/inner", { basepath: join(project, ".storage") });
    expect(await storage.putDirectory({ localPath: project })).toBe(1);
    expect(await storage.putDirectory({ localPath: project })).toBe(1);
    expect(listProjectFiles(join(project, ".storage"))).toEqual(["flow.ts"]);
  });

  it("remote-file-system: file:// URLs work, with sub-paths; another scheme is an error naming it", async () => {
    const project = join(dir, "project");
    tree(project, { "flow.ts": "f" });
    const url = pathToFileURL(join(dir, "remote")).href;
    const storage = remoteFileSystem("remote-file-system/shared", { basepath: `${url}/`, settings: {} });
    expect(await storage.putDirectory({ localPath: project, toPath: "/team/etl" })).toBe(1);
    expect(storage.location("/team/etl")).toBe(`${url}/team/etl`);
    await storage.getDirectory({ fromPath: "team/etl", localPath: join(dir, "run") });
    expect(readFileSync(join(dir, "run", "flow.ts"), "utf8")).toBe("f");

    expect(() => remoteFileSystem("remote-file-system/s3", { basepath: "s3://bucket/flows" })).toThrow(
      /the 's3' scheme of basepath 's3:\/\/bucket\/flows' is not supported by prefect-ts \(it supports file:\/\/;/,
    );
    expect(() => remoteFileSystem("remote-file-system/bare", { basepath: "/srv/flows" })).toThrow(
      /must start with a scheme, e\.g\. file:\/\/\/srv\/flows/,
    );
    expect(() => remoteFileSystem("remote-file-system/none", {})).toThrow(/"basepath" is required/);
    expect(() => remoteFileSystem("remote-file-system/host", { basepath: "file://otherhost/srv" })).toThrow(
      /not a file URL of this machine/,
    );
  });
});
