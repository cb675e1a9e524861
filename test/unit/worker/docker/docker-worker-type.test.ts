// The docker worker type's plan: made without touching Docker (the engine is connected when the run starts, once),
// with the container's environment, and refused with the job variable's name when the job is not runnable.
import { describe, expect, it } from "vitest";
import type Dockerode from "dockerode";
import { ConfigError } from "../../../../src/errors.js";
import { renderJobConfiguration } from "../../../../src/worker/job-configuration.js";
import { dockerBaseJobTemplate } from "../../../../src/worker/docker/docker-job-template.js";
import { createDockerWorkerType } from "../../../../src/worker/docker/docker-worker-type.js";
import type { JobContext } from "../../../../src/worker/worker-type-definition.js";

const context: JobContext = {
  run: { id: "0c2f1a9e-2222-3333-4444-555555555555", name: "clever-otter", workPoolName: "pool" },
  baseEnv: { PREFECT_API_URL: "https://api.example.com/api", PREFECT_API_KEY: "k", PATH: "/usr/bin" },
  log: () => undefined,
};

describe("docker worker type plan", () => {
  it("plans without connecting; start connects once and reports an unreachable engine", async () => {
    let connects = 0;
    const type = createDockerWorkerType({
      connect: () => {
        connects++;
        return Promise.reject(new Error("engine down"));
      },
    });
    const plan = await type.plan!(renderJobConfiguration(dockerBaseJobTemplate(), { image: "flows:1" }), context);
    expect(connects).toBe(0);
    expect(plan.env).toEqual({
      PREFECT_API_URL: "https://api.example.com/api",
      PREFECT_API_KEY: "k",
      PREFECT__FLOW_RUN_ID: context.run.id,
    });
    await expect(plan.start!()).rejects.toThrow("engine down");
    expect(connects).toBe(1);
    // A failed connection is tried again at the next run.
    await expect(plan.start!()).rejects.toThrow("engine down");
    expect(connects).toBe(2);
  });

  it("shares one connection between runs", async () => {
    let connects = 0;
    const fake = {
      getImage: () => ({ inspect: () => Promise.reject(new Error("stop here")) }),
    } as unknown as Dockerode;
    const type = createDockerWorkerType({
      connect: () => {
        connects++;
        return Promise.resolve(fake);
      },
    });
    const plan = await type.plan!(renderJobConfiguration(dockerBaseJobTemplate(), { image: "flows:1" }), context);
    await expect(plan.start!()).rejects.toThrow("stop here");
    await expect(plan.start!()).rejects.toThrow("stop here");
    expect(connects).toBe(1);
  });

  it("rejects a job without an image with a ConfigError naming the variable", async () => {
    const type = createDockerWorkerType({ connect: () => Promise.reject(new Error("unused")) });
    const error = await type.plan!(renderJobConfiguration(dockerBaseJobTemplate()), context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe("image");
  });
});
