// A tiny TypeScript project for image tests: package.json, a flow file, and node_modules holding prefect-ts (a copy
// of this repository's package.json + dist/) and its runtime packages, so `dependencies: "copy"` builds offline.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** This repository's root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The version `prefect-ts --version` prints. */
export const PREFECT_TS_VERSION = (
  JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }
).version;

/** Copies `names` and their production dependencies (from this repository's node_modules) into `target/node_modules`. */
export function copyPackages(target: string, names: readonly string[]): void {
  const seen = new Set<string>();
  const queue = [...names];
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const source = path.join(REPO_ROOT, "node_modules", name);
    if (!existsSync(source)) throw new Error(`copyPackages: ${name} is not installed in ${REPO_ROOT}/node_modules`);
    cpSync(source, path.join(target, "node_modules", name), { recursive: true, dereference: true });
    const manifest = JSON.parse(readFileSync(path.join(source, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    queue.push(...Object.keys(manifest.dependencies ?? {}));
  }
}

/**
 * A temp project dir named `tiny-flows` with prefect-ts and its runtime dependencies (but the TypeScript compiler and
 * SQLite and the Docker client) in node_modules.
 * `dist/` must be built (`npm run build`).
 */
export function makeTinyProject(extraFiles: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), "prefect-ts-image-"));
  const dir = path.join(root, "tiny-flows");
  mkdirSync(dir);
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      { name: "tiny-flows", version: "1.0.0", type: "module", dependencies: { "prefect-ts": PREFECT_TS_VERSION } },
      null,
      2,
    ),
  );
  writeFileSync(
    path.join(dir, "flows.ts"),
    'import { flow } from "prefect-ts";\n\nexport const hello = flow({ name: "hello" }, (name: string = "world") => `hello ${name}`);\n',
  );
  const own = path.join(dir, "node_modules", "prefect-ts");
  mkdirSync(own, { recursive: true });
  cpSync(path.join(REPO_ROOT, "package.json"), path.join(own, "package.json"));
  cpSync(path.join(REPO_ROOT, "dist"), path.join(own, "dist"), { recursive: true, dereference: true });
  // Every runtime dependency but the heavy ones `prefect-ts --version` never loads (the TypeScript compiler for
  // deploy-time schemas, SQLite for the embedded server, the Docker client): the CLI's start-up imports change.
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const unused = ["typescript", "typescript-json-schema", "better-sqlite3", "dockerode"];
  copyPackages(
    dir,
    Object.keys(manifest.dependencies).filter((name) => !unused.includes(name)),
  );
  for (const [file, content] of Object.entries(extraFiles)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}
