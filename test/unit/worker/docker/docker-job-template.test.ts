// The docker pool's default base job template: Prefect's job configuration keys and variables schema (titles,
// defaults, enum), no default image, and a schema that ajv accepts and that rejects bad values by name.
import { describe, expect, it } from "vitest";
import { renderJobConfiguration } from "../../../../src/worker/job-configuration.js";
import { validateJobVariables } from "../../../../src/worker/job-variables.js";
import { DOCKER_WORKER_DESCRIPTION, dockerBaseJobTemplate } from "../../../../src/worker/docker/docker-job-template.js";
import { dockerWorkerType } from "../../../../src/worker/docker/docker-worker-type.js";

const KEYS = [
  "command",
  "env",
  "labels",
  "name",
  "image",
  "image_pull_policy",
  "networks",
  "network_mode",
  "auto_remove",
  "volumes",
  "stream_output",
  "mem_limit",
  "memswap_limit",
  "privileged",
];

describe("docker base job template", () => {
  it("has Prefect's job configuration: each key a placeholder of the same name", () => {
    const { job_configuration } = dockerBaseJobTemplate();
    expect(Object.keys(job_configuration).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) expect(job_configuration[key]).toBe(`{{ ${key} }}`);
  });

  it("has Prefect's variables: titles, types, defaults and the pull policy enum", () => {
    const properties = dockerBaseJobTemplate().variables.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(properties).sort()).toEqual([...KEYS].sort());
    expect(properties.env).toMatchObject({ title: "Environment Variables", type: "object" });
    expect(properties.image_pull_policy).toMatchObject({
      title: "Image Pull Policy",
      type: "string",
      enum: ["IfNotPresent", "Always", "Never"],
    });
    expect(properties.networks).toMatchObject({ title: "Networks", type: "array", items: { type: "string" } });
    expect(properties.volumes).toMatchObject({ title: "Volumes", type: "array", items: { type: "string" } });
    expect(properties.mem_limit).toMatchObject({ title: "Memory Limit", type: "string" });
    expect(properties.memswap_limit).toMatchObject({ title: "Memory Swap Limit", type: "string" });
    expect(properties.auto_remove).toMatchObject({ title: "Auto Remove", default: false, type: "boolean" });
    expect(properties.stream_output).toMatchObject({ title: "Stream Output", default: true, type: "boolean" });
    expect(properties.privileged).toMatchObject({ title: "Privileged", default: false, type: "boolean" });
    expect(properties.image).not.toHaveProperty("default");
    expect(properties.image_pull_policy).not.toHaveProperty("default");
  });

  it("renders with only the defaults: no image, auto_remove false, stream_output true, privileged false", () => {
    expect(renderJobConfiguration(dockerBaseJobTemplate())).toEqual({
      auto_remove: false,
      stream_output: true,
      privileged: false,
    });
    expect(renderJobConfiguration(dockerBaseJobTemplate(), { image: "flows:1", mem_limit: "64m" })).toMatchObject({
      image: "flows:1",
      mem_limit: "64m",
    });
  });

  it("validates job variables with ajv: good ones pass, bad ones are named", () => {
    const template = dockerBaseJobTemplate();
    expect(
      validateJobVariables(template, {
        image: "flows:1",
        image_pull_policy: "Never",
        volumes: ["/a:/b"],
        env: { A: null },
      }),
    ).toEqual([]);
    const issues = validateJobVariables(template, { image_pull_policy: "Sometimes", auto_remove: "maybe" });
    expect(issues.map((issue) => issue.variable).sort()).toEqual(["auto_remove", "image_pull_policy"]);
  });

  it("is a fresh copy each time, and the worker type carries Prefect's description", () => {
    const a = dockerBaseJobTemplate();
    a.job_configuration.image = "changed";
    expect(dockerBaseJobTemplate().job_configuration.image).toBe("{{ image }}");
    expect(dockerWorkerType.type).toBe("docker");
    expect(dockerWorkerType.description).toBe(DOCKER_WORKER_DESCRIPTION);
    expect(DOCKER_WORKER_DESCRIPTION).toContain("Execute flow runs within Docker containers.");
    expect(dockerWorkerType.baseJobTemplate()).toEqual(dockerBaseJobTemplate());
    expect(typeof dockerWorkerType.plan).toBe("function");
    expect(typeof dockerWorkerType.runningJobs).toBe("function");
  });
});
