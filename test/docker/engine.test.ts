// The engine connection: a ping through DOCKER_HOST, and one clear message when nothing answers there.
import { describe, expect, it } from "vitest";
import { connectDocker, DockerUnavailableError } from "../../src/docker/engine.js";
import { dockerSuite, dockerUnavailable } from "./docker-harness.js";

describe.skipIf(dockerUnavailable !== "")(dockerSuite("Docker Engine connection"), () => {
  it("connects through DOCKER_HOST", async () => {
    const docker = await connectDocker();
    expect((await docker.version()).ApiVersion).toMatch(/^\d+\.\d+$/);
  });

  it("names the address and how to start an engine when none answers", async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = "unix:///tmp/prefect-ts-no-such-docker.sock";
    try {
      const error = await connectDocker().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DockerUnavailableError);
      expect((error as Error).message).toContain("unix:///tmp/prefect-ts-no-such-docker.sock (no such socket)");
      expect((error as Error).message).toContain("DOCKER_HOST");
    } finally {
      process.env.DOCKER_HOST = saved;
    }
  });
});
