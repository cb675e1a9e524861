// Test projects: unit and contract (fast, pure), integration (client against the server, both
// transports), e2e (the CLI in-process through its entry, journeys and examples as subprocesses), and type tests
// (*.test-d.ts, compiled by tsc in test/types/compile.test.ts). Each runs on its own: npm run test:unit | test:integration | test:e2e | test:types.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = fileURLToPath(new URL("./src/", import.meta.url));
// In-process imports of the package's own name must get src/ too (not a stale dist/): vitest hands a self-reference
// to Node's resolver, which does not know the prefect-ts-source condition, so the entries are aliased explicitly.
const resolve = {
  conditions: ["prefect-ts-source", "import", "node", "default"],
  alias: [
    { find: /^prefect-ts$/, replacement: `${src}index.ts` },
    { find: /^prefect-ts\/(client|server|testing)$/, replacement: `${src}$1/index.ts` },
  ],
};

export default defineConfig({
  test: {
    // vitest's default is one worker per core but one: on CI's 2 cores the whole suite ran in a single file at a time,
    // while e2e files mostly wait on their child processes. Two at least.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // One temp directory for the run, removed at its end (TMPDIR of every worker and child process).
    globalSetup: ["test/setup/scratch-dir.ts"],
    projects: [
      {
        resolve,
        // Pure tests share one module graph per worker (isolate: false): re-importing src/ for each of ~70 files cost
        // two thirds of the project's CPU. So a unit test leaves no global state behind (no vi.mock, no env changes).
        test: { name: "unit", include: ["test/unit/**/*.test.ts", "test/contract/**/*.test.ts"], isolate: false },
      },
      {
        resolve,
        // A shared module graph per worker too: every suite starts and closes its own servers and temp databases, so
        // nothing a file leaves in a module is another file's state.
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve,
        // One module graph per worker here too (isolate: false): a fresh one per file re-evaluated src/ (the CLI, and
        // TypeScript for in-process deploys) some 40 times; the project took 608 CPU-s isolated, 497 shared (one loaded
        // run each). So an e2e file leaves nothing running behind it: it closes its servers and embedded servers, kills
        // its processes, and changes no process state (runCliInProcess restores the working directory and exit code).
        // A fixture loaded in-process is loaded once per worker: a file that rewrites a module gives it its own path.
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve,
        test: {
          name: "types",
          // tsc over the *.test-d.ts files, as a runtime test (see its file for why not vitest's typecheck mode).
          include: ["test/types/**/*.test.ts"],
        },
      },
    ],
  },
});
