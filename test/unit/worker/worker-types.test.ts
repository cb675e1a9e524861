// The worker type registry and the process type's template, checked against Prefect's process pool template.
import { describe, expect, it } from "vitest";
import { processBaseJobTemplate } from "../../../src/worker/process-worker-type.js";
import {
  registerWorkerType,
  unknownWorkerTypeMessage,
  workerType,
  workerTypes,
} from "../../../src/worker/worker-types.js";

describe("worker type registry", () => {
  it("has process, docker and prefect:managed registered by default", () => {
    expect(workerTypes().map((t) => t.type)).toEqual(["process", "docker", "prefect:managed"]);
    expect(workerType("process")?.description).toContain("subprocesses");
    expect(workerType("docker")?.baseJobTemplate().job_configuration).toHaveProperty("image");
    expect(workerType("kubernetes")).toBeUndefined();
  });

  it("names the known types for an unknown one", () => {
    expect(unknownWorkerTypeMessage("dokker")).toBe(
      'Unknown worker type "dokker". Known types: process, docker, prefect:managed. Use one of them, e.g. --type process.',
    );
  });

  it("adds a type by registering it, with no change elsewhere", () => {
    const template = {
      job_configuration: { image: "{{ image }}" },
      variables: { type: "object", properties: { image: { type: "string" } } },
    };
    registerWorkerType({ type: "kubernetes", description: "Pods.", baseJobTemplate: () => structuredClone(template) });
    expect(workerType("kubernetes")?.baseJobTemplate()).toEqual(template);
    expect(workerTypes().map((t) => t.type)).toEqual(["process", "docker", "prefect:managed", "kubernetes"]);
    expect(unknownWorkerTypeMessage("k8s")).toContain("Known types: process, docker, prefect:managed, kubernetes.");
  });

  it.each([
    [
      { type: "", description: "", baseJobTemplate: () => ({ job_configuration: {}, variables: {} }) },
      "non-empty string",
    ],
    [{ type: "x", description: "" } as never, "must be a function"],
  ])("refuses a malformed definition (%#)", (definition, fragment) => {
    expect(() => registerWorkerType(definition)).toThrow(TypeError);
    expect(() => registerWorkerType(definition)).toThrow(fragment);
  });
});

describe("the process type's base job template", () => {
  it("is a fresh copy each time", () => {
    const a = workerType("process")!.baseJobTemplate();
    a.job_configuration.command = "changed";
    expect(workerType("process")!.baseJobTemplate().job_configuration.command).toBe("{{ command }}");
  });

  it("has Prefect's job_configuration", () => {
    expect(processBaseJobTemplate().job_configuration).toEqual({
      command: "{{ command }}",
      env: "{{ env }}",
      labels: "{{ labels }}",
      name: "{{ name }}",
      stream_output: "{{ stream_output }}",
      working_dir: "{{ working_dir }}",
    });
  });

  it("has Prefect's variables: titles, types, defaults and formats", () => {
    const variables = processBaseJobTemplate().variables as {
      type: string;
      properties: Record<string, Record<string, unknown>>;
    };
    expect(variables.type).toBe("object");
    expect(Object.keys(variables.properties)).toEqual([
      "name",
      "env",
      "labels",
      "command",
      "stream_output",
      "working_dir",
    ]);
    const summary = Object.fromEntries(
      Object.entries(variables.properties).map(([name, p]) => [
        name,
        { title: p.title, type: p.type, default: p.default, format: p.format },
      ]),
    );
    expect(summary).toEqual({
      name: { title: "Name", type: "string", default: undefined, format: undefined },
      env: { title: "Environment Variables", type: "object", default: undefined, format: undefined },
      labels: { title: "Labels", type: "object", default: undefined, format: undefined },
      command: { title: "Command", type: "string", default: undefined, format: undefined },
      stream_output: { title: "Stream Output", type: "boolean", default: true, format: undefined },
      working_dir: { title: "Working Directory", type: "string", default: undefined, format: "path" },
    });
    expect(variables.properties.env!.additionalProperties).toEqual({ anyOf: [{ type: "string" }, { type: "null" }] });
    expect(variables.properties.labels!.additionalProperties).toEqual({ type: "string" });
    expect(variables.properties.command!.description).toContain("prefect-ts flow-run execute");
    for (const property of Object.values(variables.properties)) expect(typeof property.description).toBe("string");
  });
});
