// prepareProcessJob and its generic parts: env (null unsets, PREFECT__FLOW_RUN_ID), Prefect's labels, name,
// command splitting and default, stream_output, working_dir, `{{ ctx.* }}` and `{{ $NAME }}` placeholders.
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors.js";
import { flowRunContext, flowRunLabels, jobEnvironment } from "../../../../src/worker/flow-run-job.js";
import {
  prepareProcessJob,
  renderJobConfiguration,
  resolveJobCommand,
  resolveStreamOutput,
  resolveWorkingDir,
  type FlowRunJobInfo,
} from "../../../../src/worker/job-configuration.js";
import { processBaseJobTemplate } from "../../../../src/worker/process-worker-type.js";

const RUN: FlowRunJobInfo = {
  id: "11111111-2222-3333-4444-555555555555",
  name: "clever-otter",
  flowId: "f-1",
  deploymentId: "d-1",
  workPoolName: "pool",
};
const DEFAULT = ["/usr/bin/node", "/app/main.js", "flow-run", "execute", RUN.id];
const BASE_ENV = { PATH: "/usr/bin", HOME: "/home/me", KEEP: "1" };
const options = { defaultCommand: DEFAULT, baseEnv: BASE_ENV, version: "3.8.3" };

function prepare(...layers: Record<string, unknown>[]) {
  return prepareProcessJob(renderJobConfiguration(processBaseJobTemplate(), ...layers), RUN, options);
}

describe("prepareProcessJob with the process template", () => {
  it("with no job variables: default command, worker env + run id, run name, Prefect labels, streamed output", () => {
    expect(prepare()).toEqual({
      command: DEFAULT,
      env: { ...BASE_ENV, PREFECT__FLOW_RUN_ID: RUN.id },
      cwd: undefined,
      name: "clever-otter",
      labels: {
        "prefect.io/flow-run-id": RUN.id,
        "prefect.io/flow-run-name": "clever-otter",
        "prefect.io/version": "3.8.3",
        "prefect.io/work-pool-name": "pool",
        "prefect.io/deployment-id": "d-1",
        "prefect.io/flow-id": "f-1",
      },
      streamOutput: true,
    });
  });

  it.each([
    ["adds job env over the worker's", [{ env: { A: "1", KEEP: "2" } }], { ...BASE_ENV, KEEP: "2", A: "1" }],
    ["a null value unsets a worker variable", [{ env: { KEEP: null } }], { PATH: "/usr/bin", HOME: "/home/me" }],
    [
      "the run's null unsets the deployment's value",
      [{ env: { A: "1", B: "2" } }, { env: { A: null } }],
      { ...BASE_ENV, B: "2" },
    ],
    ["numbers and booleans become strings", [{ env: { N: 3, T: true } }], { ...BASE_ENV, N: "3", T: "true" }],
    ["the job cannot override PREFECT__FLOW_RUN_ID", [{ env: { PREFECT__FLOW_RUN_ID: "other" } }], BASE_ENV],
  ])("env: %s", (_rule, layers, expected) => {
    expect(prepare(...layers).env).toEqual({ ...expected, PREFECT__FLOW_RUN_ID: RUN.id });
  });

  it.each([
    ["unset -> default", {}, DEFAULT],
    ["empty -> default", { command: "" }, DEFAULT],
    ["blank -> default", { command: "   " }, DEFAULT],
    ["our default command -> default argv", { command: "prefect-ts flow-run execute" }, DEFAULT],
    [
      "split shell-like",
      { command: `node -e "console.log('a b')" --flag` },
      ["node", "-e", "console.log('a b')", "--flag"],
    ],
  ])("command: %s", (_rule, values, expected) => {
    expect(prepare(values).command).toEqual(expected);
  });

  it("name: the job's name, else the run's", () => {
    expect(prepare({ name: "custom" }).name).toBe("custom");
    expect(prepareProcessJob({}, { id: "x" }, options).name).toBe("x");
  });

  it("labels: the job's labels are added and may override Prefect's", () => {
    expect(prepare({ labels: { team: "data", "prefect.io/version": "mine" } }).labels).toMatchObject({
      team: "data",
      "prefect.io/version": "mine",
      "prefect.io/flow-run-id": RUN.id,
    });
  });

  it("stream_output false", () => {
    expect(prepare({ stream_output: false }).streamOutput).toBe(false);
  });

  it("working_dir: absolute as is, relative against baseDir, ~ against homeDir", () => {
    const config = (dir: string) => renderJobConfiguration(processBaseJobTemplate(), { working_dir: dir });
    expect(prepareProcessJob(config("/srv/app"), RUN, options).cwd).toBe(resolve("/srv/app"));
    expect(prepareProcessJob(config("sub/dir"), RUN, { ...options, baseDir: "/proj" }).cwd).toBe(
      resolve("/proj/sub/dir"),
    );
    expect(prepareProcessJob(config("~/flows"), RUN, { ...options, homeDir: "/home/me" }).cwd).toBe(
      join("/home/me", "flows"),
    );
  });

  it("fills {{ ctx.* }} and {{ $NAME }} placeholders of a custom template with the run and the worker's env", () => {
    const template = {
      job_configuration: {
        name: "job-{{ ctx.flow_run.name }}",
        env: {
          RUN: "{{ ctx.flow_run.id }}",
          POOL: "{{ ctx.work_pool.name }}",
          WHERE: "{{ $HOME }}/x",
          GONE: "{{ ctx.deployment.name }}",
        },
        command: "node {{ script }}",
      },
      variables: { properties: { script: { type: "string", default: "main.js" } } },
    };
    const job = prepareProcessJob(renderJobConfiguration(template), RUN, options);
    expect(job.name).toBe("job-clever-otter");
    expect(job.command).toEqual(["node", "main.js"]);
    expect(job.env).toMatchObject({ RUN: RUN.id, POOL: "pool", WHERE: "/home/me/x" });
    expect(job.env).not.toHaveProperty("GONE");
  });

  it.each([
    [{ command: 5 }, "command", 'job variable "command": must be a string'],
    [{ command: 'node "open' }, "command", "double quote is never closed"],
    [{ env: "A=1" }, "env", 'job variable "env": must be an object of strings'],
    [{ env: { A: { b: 1 } } }, "env", 'job variable "env.A": must be a string'],
    [{ labels: ["a"] }, "labels", 'job variable "labels": must be an object of strings'],
    [{ stream_output: "maybe" }, "stream_output", 'job variable "stream_output": must be boolean'],
    [{ working_dir: 7 }, "working_dir", 'job variable "working_dir": must be a path string'],
  ])("refuses %j with a ConfigError naming %s", (config, key, fragment) => {
    let caught: unknown;
    try {
      prepareProcessJob(config, RUN, options);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).key).toBe(key);
    expect((caught as ConfigError).message).toContain(fragment);
  });
});

describe("generic parts", () => {
  it("resolveJobCommand accepts an argv array", () => {
    expect(resolveJobCommand(["a", "b c"], DEFAULT)).toEqual(["a", "b c"]);
    expect(resolveJobCommand([], DEFAULT)).toEqual(DEFAULT);
  });

  it.each([
    [undefined, true],
    [null, true],
    [false, false],
    ["false", false],
    [" True ", true],
  ])("resolveStreamOutput(%j) is %j", (value, expected) => {
    expect(resolveStreamOutput(value)).toBe(expected);
  });

  it("resolveWorkingDir: unset stays undefined", () => {
    expect(resolveWorkingDir(undefined)).toBeUndefined();
    expect(resolveWorkingDir("")).toBeUndefined();
  });

  it("jobEnvironment does not modify the base", () => {
    const base = { A: "1" };
    expect(jobEnvironment(base, { A: null, B: "2" }, "id")).toEqual({ B: "2", PREFECT__FLOW_RUN_ID: "id" });
    expect(base).toEqual({ A: "1" });
  });

  it("flowRunLabels: every known part, the deployment's update time in ISO form", () => {
    const labels = flowRunLabels(
      {
        ...RUN,
        flowName: "etl",
        deploymentName: "nightly",
        deploymentUpdated: new Date("2026-01-02T03:04:05Z"),
        workPoolId: "p-1",
        workerName: "w",
      },
      "3.8.3",
    );
    expect(labels).toEqual({
      "prefect.io/flow-run-id": RUN.id,
      "prefect.io/flow-run-name": "clever-otter",
      "prefect.io/version": "3.8.3",
      "prefect.io/work-pool-name": "pool",
      "prefect.io/work-pool-id": "p-1",
      "prefect.io/worker-name": "w",
      "prefect.io/deployment-id": "d-1",
      "prefect.io/deployment-name": "nightly",
      "prefect.io/deployment-updated": "2026-01-02T03:04:05.000Z",
      "prefect.io/flow-id": "f-1",
      "prefect.io/flow-name": "etl",
    });
  });

  it("flowRunContext: snake_case parts, unknown ones absent", () => {
    expect(flowRunContext({ id: "r", name: "n", tags: ["a"] })).toEqual({
      flow_run: { id: "r", name: "n", tags: ["a"] },
      flow: {},
      deployment: {},
      work_pool: {},
      worker: {},
    });
  });
});
