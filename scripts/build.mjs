// `npm run build` (before the dashboard's vite build): dist/ from src/. The JavaScript is bundled by esbuild, one file
// per public entry (the package, ./client, ./server, ./testing, the CLI), with the code entries share and every part
// loaded on use (`import("./x.js")`: the server, the CLI's commands, the Docker worker) in chunks of their own under
// dist/chunks/, so what loads lazily from src/ still loads lazily from dist/. The declarations are tsc's, one .d.ts per
// source file as before (tsconfig.build.json emits only those).
//
// Why a bundle: Node's ES module loader pays for every module it resolves, reads, compiles and links, and under tsx
// (how users run flow files) every one also crosses to tsx's loader thread and back. tsc's one file per source module
// made a script's first flow call load 238 of our files; bundled it loads 69 (test/integration/perf/sdk-import.test.ts).
// npm packages stay imports (`packages: "external"`): a user's zod must be the zod we check schemas with.
// No source maps: under tsx Node parses the map of every module it loads (about 0.3 s per process when tsc wrote
// them); esbuild's output keeps our names and reads close to src/, which ships beside it.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRIES = [
  "src/index.ts",
  "src/client/index.ts",
  "src/server/index.ts",
  "src/testing/index.ts",
  "src/cli/main.ts",
];

// A clean dist/ (the dashboard, built after this, included): no file of an older layout is left to be loaded.
rmSync(join(root, "dist"), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ENTRIES,
  outdir: "dist",
  outbase: "src",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  chunkNames: "chunks/[name]-[hash]",
  // Classes and functions keep their names when the bundle renames a clash (error names, `constructor.name`).
  keepNames: true,
  logLevel: "warning",
});
