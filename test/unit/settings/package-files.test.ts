// The installation's own files, found from the running module whatever its depth (src/ here, under vitest).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RUNNING_FROM_SOURCE, packagePath, packageRoot, packageVersion } from "../../../src/settings/index.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

describe("package files", () => {
  it("finds the folder of the package.json named prefect-ts", () => {
    expect(packageRoot()).toBe(REPO);
    expect(packagePath("dist", "ui")).toBe(join(REPO, "dist", "ui"));
  });

  it("reads the version from that package.json", () => {
    const { version } = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    expect(packageVersion()).toBe(version);
  });

  it("knows it runs from the TypeScript source under vitest", () => {
    expect(RUNNING_FROM_SOURCE).toBe(true);
  });
});
