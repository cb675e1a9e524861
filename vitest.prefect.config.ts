// The Prefect peer tests (`npm run test:prefect`): our SDK against a real Prefect 3.8.3 server, and Prefect's Python
// SDK against ours. PREFECT_PEER names the peer's installation; without it every test is skipped, with the reason.
import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

const resolve = (base.test?.projects as { resolve: object }[] | undefined)?.[0]?.resolve ?? {};

export default mergeConfig(
  { resolve },
  defineConfig({
    test: {
      name: "prefect",
      globalSetup: ["test/setup/scratch-dir.ts"],
      include: ["test/prefect/**/*.test.ts"],
      testTimeout: 600_000,
      hookTimeout: 120_000,
      // The peer's server is one SQLite file: files run one after another.
      fileParallelism: false,
    },
  }),
);
