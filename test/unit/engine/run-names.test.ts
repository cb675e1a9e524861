import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { kebabCase, renderRunName, resolveRunName, taskRunName } from "../../../src/engine/run-names.js";

describe("names", () => {
  it("kebab-cases function names", () => {
    expect(kebabCase("getRepoInfo")).toBe("get-repo-info");
    expect(kebabCase("get_repo_info")).toBe("get-repo-info");
    expect(kebabCase("ETLJob")).toBe("etl-job");
    expect(kebabCase("hello")).toBe("hello");
    expect(kebabCase("parseV2Data")).toBe("parse-v2-data");
  });

  it("renders templates over parameters, dotted fields and escaped braces", () => {
    expect(renderRunName("etl-{date}", { date: "2024-01-01" }, "flowRunName")).toBe("etl-2024-01-01");
    expect(renderRunName("{cfg.env}-{n}", { cfg: { env: "prod" }, n: 3 }, "flowRunName")).toBe("prod-3");
    expect(renderRunName("{{literal}}", {}, "flowRunName")).toBe("{literal}");
  });

  it("names the missing placeholder", () => {
    expect(() => renderRunName("etl-{day}", { date: 1 }, "flowRunName")).toThrow(ConfigError);
    expect(() => renderRunName("etl-{day}", { date: 1 }, "flowRunName")).toThrow(
      "uses {day}, which is not a parameter (parameters: date)",
    );
  });

  it("accepts functions of the parameters", () => {
    expect(resolveRunName("taskRunName", (p) => `n-${String(p.x)}`, { x: 1 })).toBe("n-1");
    expect(resolveRunName("taskRunName", undefined, {})).toBeUndefined();
  });

  it("names task runs <task>-<3 hex>", () => {
    expect(taskRunName("say_hello", "0a1b2c3d-0000-4000-8000-000000000000")).toBe("say_hello-0a1");
  });
});
