// Checks once that a Docker Engine answers (DOCKER_HOST). Under CI an engine that is not there fails the run; on a
// developer's machine without Docker the tests are skipped, each saying why (see docker-harness.ts).
import type { TestProject } from "vitest/node";
import { connectDocker } from "../../src/docker/engine.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Why the Docker tests cannot run here, or "" when an engine answered. */
    dockerUnavailable: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  let reason = "";
  try {
    await connectDocker({ timeoutMs: 5000 });
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  if (reason !== "" && process.env.CI === "true") {
    throw new Error(`CI=true and no Docker Engine: ${reason} (.ci/run starts one with scripts/docker/engine.sh start)`);
  }
  if (reason !== "") process.stderr.write(`Docker tests skipped: ${reason}\n`);
  project.provide("dockerUnavailable", reason);
}
