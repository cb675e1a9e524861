// The build context filter: .dockerignore and .prefectignore with Docker's rules, build files always kept, and the tar.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { extract } from "tar-fs";
import { describe, expect, it } from "vitest";
import { createBuildContext, listBuildContext, parseIgnoreFile } from "../../../../src/deploy/image/build-context.js";
import { readdirSync } from "node:fs";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "prefect-ts-context-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

const files = {
  "package.json": "{}",
  "flows.ts": "",
  "secret.env": "TOKEN=x",
  "logs/a.log": "",
  "logs/keep.log": "",
  "src/deep/secret.env": "",
  "node_modules/dep/index.js": "",
  Dockerfile: "FROM scratch",
};

describe("parseIgnoreFile", () => {
  it("drops comments and blank lines", () => {
    expect(parseIgnoreFile("# comment\n\n  node_modules \r\n!keep\n")).toEqual(["node_modules", "!keep"]);
  });
});

describe("listBuildContext", () => {
  it("keeps everything without ignore files", () => {
    expect(listBuildContext(project(files))).toContain("node_modules/dep/index.js");
  });

  it("honours .dockerignore with Docker's rules (root-anchored names, exceptions under ignored dirs)", () => {
    const dir = project({ ...files, ".dockerignore": "secret.env\nlogs\n!logs/keep.log\nDockerfile\n" });
    const kept = listBuildContext(dir, { dockerfile: "Dockerfile" });
    expect(kept).not.toContain("secret.env");
    expect(kept).toContain("src/deep/secret.env"); // Docker: a bare name matches at the root only
    expect(kept).not.toContain("logs/a.log");
    expect(kept).toContain("logs/keep.log");
    expect(kept).toContain("Dockerfile"); // always sent, as the Docker CLI does
    expect(kept).toContain(".dockerignore");
  });

  it("honours .prefectignore too, and extra ignores", () => {
    const dir = project({ ...files, ".dockerignore": "secret.env\n", ".prefectignore": "**/*.env\nlogs/*.log\n" });
    const kept = listBuildContext(dir, { extraIgnores: ["node_modules"] });
    expect(kept).not.toContain("secret.env");
    expect(kept).not.toContain("src/deep/secret.env");
    expect(kept).not.toContain("logs/keep.log");
    expect(kept).not.toContain("node_modules");
    expect(kept).not.toContain("node_modules/dep/index.js");
    expect(kept).toEqual(expect.arrayContaining(["flows.ts", "package.json", "logs", "src/deep"]));
  });
});

describe("createBuildContext", () => {
  it("packs exactly the kept files, plus an extra file", async () => {
    const dir = project({ ...files, ".dockerignore": "secret.env\nnode_modules\n" });
    const out = mkdtempSync(path.join(tmpdir(), "prefect-ts-context-out-"));
    await new Promise<void>((resolve, reject) => {
      const tar = createBuildContext(dir, {
        extraFile: { name: ".prefect-ts-dockerfile-x", content: "FROM scratch\n" },
      });
      tar.pipe(extract(out)).on("finish", resolve).on("error", reject);
    });
    const walk = (rel: string): string[] =>
      readdirSync(path.join(out, rel), { withFileTypes: true }).flatMap((entry) => {
        const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
        return entry.isDirectory() ? walk(child) : [child];
      });
    expect(walk("").sort()).toEqual([
      ".dockerignore",
      ".prefect-ts-dockerfile-x",
      "Dockerfile",
      "flows.ts",
      "logs/a.log",
      "logs/keep.log",
      "package.json",
      "src/deep/secret.env",
    ]);
  });
});
