// The storage part of Prefect 2's deployment YAML: `build -sb` renders the block under `storage:` with `path` as the
// sub-path, `apply` reads it back, and a storage that is not a mapping is an error naming its line.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import {
  parseDeploymentYaml,
  renderDeploymentYaml,
  type DeploymentYamlInput,
} from "../../../src/deploy/deployment-yaml.js";

const INPUT: DeploymentYamlInput = {
  name: "log-simple",
  flowName: "log-flow",
  entrypoint: "log_flow.ts:logFlow",
  path: "flows/v1",
  storage: {
    basepath: "/srv/flows",
    _block_document_id: "0190f5d2-0000-7000-8000-000000000001",
    _block_document_name: "dev",
    _is_anonymous: false,
    block_type_slug: "local-file-system",
    _block_type_slug: "local-file-system",
  },
  workQueueName: "test",
  tags: [],
  parameters: {},
  parameterSchema: { type: "object", properties: {} },
};

describe("deployment YAML storage", () => {
  it("renders the block below the marker and reads it back with the path", () => {
    const text = renderDeploymentYaml(INPUT);
    const derived = text.split("### DO NOT EDIT BELOW THIS LINE")[1] ?? "";
    expect(derived).toContain(
      "storage:\n  basepath: /srv/flows\n  _block_document_id: 0190f5d2-0000-7000-8000-000000000001\n  _block_document_name: dev\n",
    );
    expect(derived).toContain('\npath: "flows/v1"\n');
    const read = parseDeploymentYaml(text, "d.yaml");
    expect(read.storage).toMatchObject({
      _block_document_name: "dev",
      _block_type_slug: "local-file-system",
      basepath: "/srv/flows",
    });
    expect(read.path).toBe("flows/v1");
  });

  it("without storage: storage null and the project directory as path", () => {
    const text = renderDeploymentYaml({ ...INPUT, storage: null, path: "/home/me/project" });
    expect(text).toMatch(/^storage: null$/m);
    expect(parseDeploymentYaml(text, "d.yaml")).toMatchObject({ storage: null, path: "/home/me/project" });
  });

  it("a storage that is not a mapping is an error naming its line", () => {
    const text = renderDeploymentYaml({ ...INPUT, storage: null }).replace(
      "storage: null",
      "storage: local-file-system/dev",
    );
    const line = text.split("\n").findIndex((l) => l.startsWith("storage:")) + 1;
    expect(() => parseDeploymentYaml(text, "d.yaml")).toThrow(ConfigError);
    expect(() => parseDeploymentYaml(text, "d.yaml")).toThrow(
      new RegExp(`^d\\.yaml:${line}: "storage" expected object`),
    );
  });
});
