// renderJobConfiguration: defaults, precedence of deployment then run job variables, env merging, pass-through of
// unknown variables, and `ctx.` placeholders kept for the run.
import { describe, expect, it } from "vitest";
import { mergeJobVariables, renderJobConfiguration } from "../../../../src/worker/job-configuration.js";
import { processBaseJobTemplate } from "../../../../src/worker/process-worker-type.js";
import type { BaseJobTemplate } from "../../../../src/worker/worker-types.js";

describe("renderJobConfiguration with the process template", () => {
  it("with no job variables: only stream_output (the one default) is set, the other keys are dropped", () => {
    expect(renderJobConfiguration(processBaseJobTemplate())).toEqual({ stream_output: true });
  });

  it.each([
    ["a deployment value", [{ stream_output: false }], { stream_output: false }],
    [
      "the run's value over the deployment's",
      [{ stream_output: false }, { stream_output: true }],
      { stream_output: true },
    ],
    [
      "the deployment's value when the run sets none",
      [{ working_dir: "/srv" }, { name: "x" }],
      { stream_output: true, working_dir: "/srv", name: "x" },
    ],
    [
      "null in the run unsets the deployment's value",
      [{ working_dir: "/srv" }, { working_dir: null }],
      { stream_output: true },
    ],
    ["null unsets a default", [{ stream_output: null }], {}],
    [
      "absent layers are skipped",
      [undefined, null, { command: "node x.js" }],
      { stream_output: true, command: "node x.js" },
    ],
    [
      "objects keep their type",
      [{ env: { A: "1" }, labels: { team: "data" } }],
      { stream_output: true, env: { A: "1" }, labels: { team: "data" } },
    ],
    [
      "env entries merge across layers",
      [{ env: { A: "1", B: "2" } }, { env: { B: "3", C: "4" } }],
      { stream_output: true, env: { A: "1", B: "3", C: "4" } },
    ],
    [
      "a null env entry is kept for prepare to unset",
      [{ env: { A: "1" } }, { env: { A: null } }],
      { stream_output: true, env: { A: null } },
    ],
  ] as const)("%s", (_rule, layers, expected) => {
    expect(
      renderJobConfiguration(processBaseJobTemplate(), ...(layers as unknown as Record<string, unknown>[])),
    ).toEqual(expected);
  });

  it("does not modify the template nor the layers", () => {
    const template = processBaseJobTemplate();
    const deployment = { env: { A: "1" } };
    const run = { env: { B: "2" } };
    renderJobConfiguration(template, deployment, run);
    expect(template).toEqual(processBaseJobTemplate());
    expect(deployment).toEqual({ env: { A: "1" } });
    expect(run).toEqual({ env: { B: "2" } });
  });
});

describe("renderJobConfiguration with custom templates", () => {
  const template: BaseJobTemplate = {
    job_configuration: {
      command: "node {{ script }} --retries {{ retries }}",
      env: { FIXED: "yes", RETRIES: "{{ retries }}", REGION: "{{ region }}" },
      image: "{{ image }}",
      args: ["--verbose", "{{ extra }}"],
      hard: 42,
      run_name: "job-{{ ctx.flow_run.name }}",
      run_id: "{{ ctx.flow_run.id }}",
    },
    variables: {
      type: "object",
      properties: {
        retries: { type: "integer", default: 2 },
        region: { type: "string", default: "eu" },
        image: { type: "string" },
        extra: { type: "string" },
      },
    },
  };

  it("fills defaults, embeds strings, drops missing whole-value keys and keeps ctx placeholders", () => {
    expect(renderJobConfiguration(template, { script: "main.js" })).toEqual({
      command: "node main.js --retries 2",
      env: { FIXED: "yes", RETRIES: 2, REGION: "eu" },
      args: ["--verbose"],
      hard: 42,
      run_name: "job-{{ ctx.flow_run.name }}",
      run_id: "{{ ctx.flow_run.id }}",
    });
  });

  it("passes variables the schema does not name through to the template (as Prefect merges them)", () => {
    expect(
      renderJobConfiguration(template, { script: "a.js", image: "node:20" }, { retries: 5, extra: "-x" }),
    ).toMatchObject({
      command: "node a.js --retries 5",
      image: "node:20",
      args: ["--verbose", "-x"],
      env: { RETRIES: 5 },
    });
  });

  it("keeps the type of a whole-value placeholder (integer stays a number)", () => {
    const t: BaseJobTemplate = { job_configuration: { n: "{{ retries }}" }, variables: template.variables };
    expect(renderJobConfiguration(t, { retries: 9 })).toEqual({ n: 9 });
  });

  it("an empty template renders to an empty configuration", () => {
    expect(renderJobConfiguration({ job_configuration: {}, variables: {} }, { a: 1 })).toEqual({});
  });
});

describe("mergeJobVariables", () => {
  it("replaces variables and merges env only", () => {
    expect(mergeJobVariables({ labels: { a: "1" }, env: { A: "1" } }, { labels: { b: "2" }, env: { B: "2" } })).toEqual(
      {
        labels: { b: "2" },
        env: { A: "1", B: "2" },
      },
    );
  });

  it("an env that is not an object replaces", () => {
    expect(mergeJobVariables({ env: { A: "1" } }, { env: null })).toEqual({ env: null });
  });
});
