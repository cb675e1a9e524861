// Prefect's checks of a work pool's base job template and of a deployment's job variables against it.
import { describe, expect, it } from "vitest";
import {
  baseJobTemplateError,
  checkBaseJobTemplate,
  checkJobVariables,
} from "../../../../src/server/deployments/job-variables.js";
import { HttpError } from "../../../../src/server/http/http-error.js";

// Prefect's process worker template, as `prefect work-pool create --type process` stores it.
const PROCESS = {
  job_configuration: {
    command: "{{ command }}",
    env: "{{ env }}",
    labels: "{{ labels }}",
    name: "{{ name }}",
    stream_output: "{{ stream_output }}",
    working_dir: "{{ working_dir }}",
  },
  variables: {
    type: "object",
    properties: {
      name: { title: "Name", type: "string" },
      env: { title: "Environment Variables", type: "object", additionalProperties: { type: "string" } },
      labels: { title: "Labels", type: "object", additionalProperties: { type: "string" } },
      command: { title: "Command", type: "string" },
      stream_output: { title: "Stream Output", type: "boolean", default: true },
      working_dir: { title: "Working Directory", type: "string", format: "path" },
    },
  },
};

describe("baseJobTemplateError", () => {
  it("accepts an empty template and Prefect's process template", () => {
    expect(baseJobTemplateError({})).toBeUndefined();
    expect(baseJobTemplateError(PROCESS)).toBeUndefined();
  });

  it("needs both keys", () => {
    expect(baseJobTemplateError({ variables: {} })).toBe(
      "The `base_job_template` must contain both a `job_configuration` key and a `variables` key.",
    );
  });

  it("names undeclared placeholders, nested ones included, and allows ctx values", () => {
    const template = {
      job_configuration: {
        image: "{{ image }}",
        nested: ["{{name}}", { deep: "x-{{ tag }}" }],
        run: "{{ ctx.flow_run.id }}",
      },
      variables: { properties: { name: {} } },
    };
    expect(baseJobTemplateError(template)).toContain("undeclared variable(s): image ,tag.");
  });

  it("throws a 422 with a pydantic-style detail at body.base_job_template", () => {
    try {
      checkBaseJobTemplate({ job_configuration: {} }, { name: "p" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HttpError);
      const http = error as HttpError;
      expect(http.status).toBe(422);
      expect(http.body).toMatchObject({
        exception_detail: [{ type: "value_error", loc: ["body", "base_job_template"] }],
        request_body: { name: "p" },
      });
    }
  });
});

describe("checkJobVariables", () => {
  it("accepts matching values, unknown names and pools without a template", () => {
    expect(() =>
      checkJobVariables({ env: { A: "1" }, stream_output: false, other: 1 }, PROCESS, "creating"),
    ).not.toThrow();
    expect(() => checkJobVariables({ env: 3 }, {}, "creating")).not.toThrow();
    expect(() => checkJobVariables(null, PROCESS, "creating")).not.toThrow();
  });

  it("refuses a value of the wrong type with a 422 naming the variable", () => {
    expect(() => checkJobVariables({ env: { A: 1 } }, PROCESS, "creating")).toThrow(HttpError);
    try {
      checkJobVariables({ stream_output: "yes" }, PROCESS, "updating");
      expect.unreachable();
    } catch (error) {
      expect((error as HttpError).status).toBe(422);
      expect((error as HttpError).body.detail).toBe(
        "Error updating deployment: Validation failed for field 'stream_output'. Failure reason: 'yes' is not of type 'boolean'",
      );
    }
  });
});
