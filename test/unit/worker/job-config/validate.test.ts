// validateJobVariables: one issue per failing variable, naming it and the expected type; defaults, required and null.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors.js";
import { assertValidJobVariables, validateJobVariables } from "../../../../src/worker/job-variables.js";
import { processBaseJobTemplate } from "../../../../src/worker/process-worker-type.js";
import type { BaseJobTemplate } from "../../../../src/worker/worker-types.js";

const process = processBaseJobTemplate();

describe("validateJobVariables with the process template", () => {
  it.each([
    ["nothing", {}],
    [
      "every variable",
      {
        name: "n",
        env: { A: "1" },
        labels: { l: "v" },
        command: "node x.js",
        stream_output: false,
        working_dir: "/tmp",
      },
    ],
    ["a null env value (unsets it)", { env: { A: null } }],
    ["null for a variable (unset)", { working_dir: null, stream_output: null }],
    ["variables the schema does not name", { image: "node:20", anything: { deep: [1] } }],
  ])("accepts %s", (_case, values) => {
    expect(validateJobVariables(process, values)).toEqual([]);
  });

  it.each([
    ["stream_output", { stream_output: "yes" }, 'job variable "stream_output": must be boolean (got "yes")'],
    ["working_dir", { working_dir: 3 }, 'job variable "working_dir": must be string (got 3)'],
    ["command", { command: ["node", "x.js"] }, 'job variable "command": must be string (got ["node","x.js"])'],
    ["env", { env: "A=1" }, 'job variable "env": must be object (got "A=1")'],
    ["env.A", { env: { A: 1 } }, 'job variable "env.A": must be string or null (got 1)'],
    ["labels.team", { labels: { team: false } }, 'job variable "labels.team": must be string (got false)'],
  ])("names %s and the expected type", (variable, values, message) => {
    expect(validateJobVariables(process, values)).toEqual([{ variable, message }]);
  });

  it("reports every failing variable", () => {
    const issues = validateJobVariables(process, { stream_output: 1, name: 2, env: { A: "ok", B: {} } });
    expect(issues.map((i) => i.variable).sort()).toEqual(["env.B", "name", "stream_output"]);
  });
});

describe("validateJobVariables with a custom schema", () => {
  const template: BaseJobTemplate = {
    job_configuration: {},
    variables: {
      type: "object",
      required: ["image"],
      properties: {
        image: { type: "string" },
        cpu: { type: "integer", minimum: 1, default: 1 },
        pull: { enum: ["Always", "Never"] },
        mode: { type: "string", default: 5 },
      },
    },
  };

  it("checks required variables, unless told to ignore them (a deployment's variables alone)", () => {
    expect(validateJobVariables(template, { cpu: 2 })).toEqual([
      { variable: "image", message: 'job variable "image": is required' },
    ]);
    expect(validateJobVariables(template, { cpu: 2 }, { ignoreRequired: true })).toEqual([]);
  });

  it("null for a required variable is an error", () => {
    expect(validateJobVariables(template, { image: null })).toEqual([
      { variable: "image", message: 'job variable "image": must be string (got null)' },
    ]);
  });

  it.each([
    [{ image: "x", cpu: 0 }, 'job variable "cpu": must be >= 1 (got 0)'],
    [{ image: "x", cpu: 1.5 }, 'job variable "cpu": must be integer (got 1.5)'],
    [{ image: "x", pull: "Sometimes" }, 'job variable "pull": must be one of "Always", "Never" (got "Sometimes")'],
  ])("%j", (values, message) => {
    expect(validateJobVariables(template, values).map((i) => i.message)).toEqual([message]);
  });

  it("checks the defaults too with includeDefaults (a run's final variables)", () => {
    expect(validateJobVariables(template, { image: "x" })).toEqual([]);
    expect(validateJobVariables(template, { image: "x" }, { includeDefaults: true }).map((i) => i.variable)).toEqual([
      "mode",
    ]);
    expect(validateJobVariables(template, { image: "x", mode: "fast" }, { includeDefaults: true })).toEqual([]);
  });

  it("a template without variables accepts anything", () => {
    expect(validateJobVariables({ job_configuration: {}, variables: {} }, { x: 1 })).toEqual([]);
  });

  it("an invalid schema is a ConfigError naming base_job_template", () => {
    const broken: BaseJobTemplate = {
      job_configuration: {},
      variables: { type: "object", properties: { a: { type: "nonsense" } } },
    };
    expect(() => validateJobVariables(broken, { a: 1 })).toThrow(ConfigError);
    expect(() => validateJobVariables(broken, { a: 1 })).toThrow("base_job_template.variables");
  });
});

describe("assertValidJobVariables", () => {
  it("throws a ConfigError listing every issue, keyed by the first variable", () => {
    let caught: unknown;
    try {
      assertValidJobVariables(process, { stream_output: "no", working_dir: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain('job variable "stream_output": must be boolean (got "no")');
    expect((caught as ConfigError).message).toContain('job variable "working_dir": must be string (got 1)');
    expect((caught as ConfigError).key).toBe("stream_output");
  });

  it("returns quietly when all is valid", () => {
    expect(() => assertValidJobVariables(process, { stream_output: true })).not.toThrow();
  });
});
