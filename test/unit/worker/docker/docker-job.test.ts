// prepareDockerJob: the container a rendered docker job becomes (image required, PREFECT_* env only, Docker-form
// labels, name slug, host networking for a loopback API, volumes, memory, pull policy) and each bad value by name.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors.js";
import { renderJobConfiguration, type FlowRunJobInfo } from "../../../../src/worker/job-configuration.js";
import {
  containerName,
  defaultPullPolicy,
  prepareDockerJob,
  type PrepareDockerJobOptions,
} from "../../../../src/worker/docker/docker-job.js";
import { dockerBaseJobTemplate } from "../../../../src/worker/docker/docker-job-template.js";
import { dockerLabelName, toDockerLabels } from "../../../../src/worker/docker/container-labels.js";
import { parseMemorySize } from "../../../../src/worker/docker/memory-size.js";
import { configError } from "../../../helpers/config-error.js";

const RUN: FlowRunJobInfo = {
  id: "0c2f1a9e-2222-3333-4444-555555555555",
  name: "clever-otter",
  flowId: "f-1",
  flowName: "etl",
  deploymentId: "d-1",
  workPoolName: "docker-pool",
  workerName: "w-1",
};
const BASE_ENV = {
  PATH: "/usr/bin",
  HOME: "/home/me",
  SECRET: "x",
  PREFECT_API_URL: "http://127.0.0.1:4321/api",
  PREFECT_API_AUTH_STRING: "u:p",
};
const OPTIONS: PrepareDockerJobOptions = {
  baseEnv: BASE_ENV,
  platform: "linux",
  baseDir: "/work/project",
  version: "3.8.3",
};

function prepare(variables: Record<string, unknown>, options: Partial<PrepareDockerJobOptions> = {}) {
  return prepareDockerJob(renderJobConfiguration(dockerBaseJobTemplate(), variables), RUN, { ...OPTIONS, ...options });
}

describe("prepareDockerJob", () => {
  it("with only an image: default command with the run id, PREFECT_* env only, host network, Prefect labels", () => {
    const job = prepare({ image: "flows:1" });
    expect(job.image).toBe("flows:1");
    expect(job.pullPolicy).toBe("IfNotPresent");
    expect(job.streamOutput).toBe(true);
    expect(job.autoRemove).toBe(false);
    expect(job.env).toEqual({
      PREFECT_API_URL: "http://127.0.0.1:4321/api",
      PREFECT_API_AUTH_STRING: "u:p",
      PREFECT__FLOW_RUN_ID: RUN.id,
    });
    expect(job.create).toMatchObject({
      name: "clever-otter-0c2f1a9e",
      Image: "flows:1",
      Cmd: ["prefect-ts", "flow-run", "execute", RUN.id],
      HostConfig: { NetworkMode: "host", AutoRemove: false, Privileged: false, Init: true },
    });
    expect(job.create.Env).toContain(`PREFECT__FLOW_RUN_ID=${RUN.id}`);
    expect(job.create.Env).not.toContain("SECRET=x");
    expect(job.create.Labels).toMatchObject({
      "io.prefect.flow-run-id": RUN.id,
      "io.prefect.flow-run-name": "clever-otter",
      "io.prefect.work-pool-name": "docker-pool",
      "io.prefect.version": "3.8.3",
      "io.prefect.flow-name": "etl",
      "io.prefect.worker-name": "w-1",
    });
    expect(job.extraNetworks).toEqual([]);
  });

  it("refuses a run without an image, saying how to set one", () => {
    const error = configError(() => prepare({}));
    expect(error.key).toBe("image");
    expect(error.message).toContain('job variable "image" is not set');
    expect(error.message).toContain("deploy({ image:");
  });

  it("takes the job's env over the worker's (null unsets) and its {{ $NAME }} from the whole worker env", () => {
    const job = prepare({ image: "flows:1", env: { TOKEN: "{{ $SECRET }}", PREFECT_API_AUTH_STRING: null, N: 3 } });
    expect(job.env).toEqual({
      PREFECT_API_URL: "http://127.0.0.1:4321/api",
      TOKEN: "x",
      N: "3",
      PREFECT__FLOW_RUN_ID: RUN.id,
    });
  });

  it("splits a command, uses the job's name and labels (Docker form), honours booleans", () => {
    const job = prepare({
      image: "flows:1",
      command: `node -e "console.log('hi there')"`,
      name: "Nightly ETL / é",
      labels: { "team.example.com/owner": "data", plain: "yes" },
      auto_remove: true,
      privileged: true,
      stream_output: false,
    });
    expect(job.create.Cmd).toEqual(["node", "-e", "console.log('hi there')"]);
    expect(job.create.name).toBe("Nightly-ETL-e-0c2f1a9e");
    expect(job.create.Labels).toMatchObject({ "com.example.team.owner": "data", plain: "yes" });
    expect(job.create.HostConfig).toMatchObject({ AutoRemove: true, Privileged: true });
    expect(job.streamOutput).toBe(false);
    expect(job.autoRemove).toBe(true);
  });

  it("keeps the job's network_mode; joins networks (first at creation, the rest after); refuses both", () => {
    expect(prepare({ image: "flows:1", network_mode: "none" }).create.HostConfig?.NetworkMode).toBe("none");
    const job = prepare({ image: "flows:1", networks: ["a", "b"] });
    expect(job.create.HostConfig?.NetworkMode).toBe("a");
    expect(job.create.NetworkingConfig).toEqual({ EndpointsConfig: { a: {} } });
    expect(job.extraNetworks).toEqual(["b"]);
    // Not host mode with a loopback API: Prefect's rewrite to host.docker.internal, mapped to the host gateway.
    expect(job.env.PREFECT_API_URL).toBe("http://host.docker.internal:4321/api");
    expect(job.create.HostConfig?.ExtraHosts).toEqual(["host.docker.internal:host-gateway"]);
    const error = configError(() => prepare({ image: "flows:1", networks: ["a"], network_mode: "host" }));
    expect(error.key).toBe("network_mode");
    expect(error.message).toContain("cannot both be set");
  });

  it("uses host networking only for a loopback API on Linux", () => {
    const remote = prepare({ image: "flows:1" }, { baseEnv: { PREFECT_API_URL: "https://api.example.com/api" } });
    expect(remote.create.HostConfig?.NetworkMode).toBeUndefined();
    expect(remote.env.PREFECT_API_URL).toBe("https://api.example.com/api");
    const mac = prepare(
      { image: "flows:1" },
      { platform: "darwin", baseEnv: { PREFECT_API_URL: "http://localhost:4200/api" } },
    );
    expect(mac.create.HostConfig?.NetworkMode).toBeUndefined();
    expect(mac.env.PREFECT_API_URL).toBe("http://host.docker.internal:4200/api");
    expect(
      prepare({ image: "flows:1" }, { baseEnv: { PREFECT_API_URL: "http://[::1]:4200/api" } }).create.HostConfig
        ?.NetworkMode,
    ).toBe("host");
  });

  it("maps volumes to binds (relative sources resolved) and anonymous volumes; refuses malformed ones", () => {
    const job = prepare({ image: "flows:1", volumes: ["/data:/data:ro", "./out:/out", "cache:/cache", "/scratch"] });
    expect(job.create.HostConfig?.Binds).toEqual(["/data:/data:ro", "/work/project/out:/out", "cache:/cache"]);
    expect(job.create.Volumes).toEqual({ "/scratch": {} });
    expect(configError(() => prepare({ image: "flows:1", volumes: ["data"] })).key).toBe("volumes");
    expect(configError(() => prepare({ image: "flows:1", volumes: "/a:/b" })).message).toContain(
      'job variable "volumes": must be a list of strings',
    );
  });

  it("reads mem_limit and memswap_limit as bytes, naming a bad value", () => {
    const job = prepare({ image: "flows:1", mem_limit: "512m", memswap_limit: "1g" });
    expect(job.create.HostConfig).toMatchObject({ Memory: 512 * 1024 ** 2, MemorySwap: 1024 ** 3 });
    expect(prepare({ image: "flows:1", mem_limit: "32m", memswap_limit: "-1" }).create.HostConfig?.MemorySwap).toBe(-1);
    const bad = configError(() => prepare({ image: "flows:1", mem_limit: "lots" }));
    expect(bad.key).toBe("mem_limit");
    expect(bad.message).toContain('"lots" is not a memory size');
    expect(configError(() => prepare({ image: "flows:1", memswap_limit: "1g" })).message).toContain(
      'needs "mem_limit" too',
    );
    expect(configError(() => prepare({ image: "flows:1", mem_limit: "1g", memswap_limit: "512m" })).key).toBe(
      "memswap_limit",
    );
  });

  it("applies the pull policy: the job's, else Always for :latest or no tag, else IfNotPresent", () => {
    expect(prepare({ image: "flows:1", image_pull_policy: "Never" }).pullPolicy).toBe("Never");
    expect(prepare({ image: "flows" }).pullPolicy).toBe("Always");
    expect(prepare({ image: "127.0.0.1:5000/flows:latest" }).pullPolicy).toBe("Always");
    expect(defaultPullPolicy("127.0.0.1:5000/flows")).toBe("Always");
    expect(defaultPullPolicy("127.0.0.1:5000/flows:2")).toBe("IfNotPresent");
    expect(defaultPullPolicy("flows@sha256:abc")).toBe("IfNotPresent");
    const error = configError(() => prepare({ image: "flows:1", image_pull_policy: "Sometimes" }));
    expect(error.key).toBe("image_pull_policy");
    expect(error.message).toContain("IfNotPresent, Always, Never");
  });

  it("names a bad boolean", () => {
    const error = configError(() => prepare({ image: "flows:1", auto_remove: "maybe" }));
    expect(error.key).toBe("auto_remove");
    expect(error.message).toContain("must be boolean");
  });
});

describe("container names and labels", () => {
  it("slugs names by Docker's rules and appends the run id's start", () => {
    expect(containerName("my flow/run", "abcdef12-3456")).toBe("my-flow-run-abcdef12");
    expect(containerName("--.x", "abcdef12")).toBe("x-abcdef12");
    expect(containerName("???", "abcdef12")).toBe("prefect-flow-run-abcdef12");
    expect(containerName("a".repeat(300), "abcdef12")).toHaveLength(209);
  });

  it("converts namespace/key labels to Docker's reverse-DNS form", () => {
    expect(dockerLabelName("prefect.io/flow-run-id")).toBe("io.prefect.flow-run-id");
    expect(dockerLabelName("plain")).toBe("plain");
    expect(toDockerLabels({ "a.b.c/k": "v", x: "y" })).toEqual({ "c.b.a.k": "v", x: "y" });
  });
});

describe("parseMemorySize", () => {
  it.each([
    ["100000b", 100000],
    ["1000k", 1000 * 1024],
    ["128m", 128 * 1024 ** 2],
    ["1g", 1024 ** 3],
    ["1G", 1024 ** 3],
    ["512mb", 512 * 1024 ** 2],
    ["1.5g", 1.5 * 1024 ** 3],
    ["4096", 4096],
    [4096, 4096],
    ["-1", -1],
  ])("%s -> %d bytes", (value, bytes) => {
    expect(parseMemorySize(value, "mem_limit")).toBe(bytes);
  });

  it("is undefined when unset and a ConfigError naming the field otherwise", () => {
    expect(parseMemorySize(undefined, "mem_limit")).toBeUndefined();
    expect(parseMemorySize(null, "mem_limit")).toBeUndefined();
    expect(parseMemorySize("", "mem_limit")).toBeUndefined();
    for (const bad of ["12x", "-5", "m", true, -2]) {
      expect(() => parseMemorySize(bad, "memswap_limit")).toThrow(ConfigError);
      expect(() => parseMemorySize(bad, "memswap_limit")).toThrow('job variable "memswap_limit"');
    }
  });
});
