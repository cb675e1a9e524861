// The Docker tests (`npm run test:docker`): they need a running Docker Engine (DOCKER_HOST; scripts/docker/engine.sh
// starts one with a local Node base image and registry). Kept out of `npm test`, which must run anywhere.
import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

const resolve = (base.test?.projects as { resolve: object }[] | undefined)?.[0]?.resolve ?? {};

export default mergeConfig(
  { resolve },
  defineConfig({
    test: {
      name: "docker",
      include: ["test/docker/**/*.test.ts"],
      globalSetup: ["test/setup/scratch-dir.ts", "test/docker/global-setup.ts"],
      testTimeout: 180_000,
      hookTimeout: 180_000,
      // One engine, two cores: files run one after another so builds and containers do not starve each other.
      fileParallelism: false,
    },
  }),
);
