import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { CachePolicy } from "../../../src/engine/cache-policy.js";
import { flow } from "../../../src/flow.js";
import { task } from "../../../src/task.js";
import { configError } from "../../helpers/config-error.js";

describe("flow() options", () => {
  it("rejects negative retries naming the option and the value", () => {
    const error = configError(() => flow({ retries: -1 }, function f() {}));
    expect(error.message).toContain("retries must be a non-negative integer, got -1");
    expect(error.key).toBe("retries");
  });

  it("rejects a retry-delay list on flows (tasks only)", () => {
    const error = configError(() => flow({ retryDelaySeconds: [1, 2] as unknown as number }, function f() {}));
    expect(error.message).toContain("retryDelaySeconds");
    expect(error.message).toContain("per-retry lists are for tasks");
  });

  it("rejects banned name characters", () => {
    const error = configError(() => flow({ name: "a/b" }, () => 1));
    expect(error.message).toContain('"/"');
    expect(error.key).toBe("name");
  });

  it("asks for a name for anonymous functions", () => {
    const error = configError(() =>
      flow(
        (
          () => () =>
            1
        )(),
      ),
    );
    expect(error.message).toContain("anonymous function; pass a name");
  });

  it("names unknown options and suggests the close one", () => {
    const error = configError(() => flow({ retry: 2 } as never, function f() {}));
    expect(error.message).toContain("has no option retry; did you mean retries?");
  });

  it("kebab-cases the default flow name", () => {
    expect(flow(function getRepoInfo() {}).name).toBe("get-repo-info");
    expect(flow(function get_repo_info() {}).name).toBe("get-repo-info");
  });

  it("checks timeoutSeconds, hooks and the parameters schema", () => {
    expect(configError(() => flow({ timeoutSeconds: 0 }, function f() {})).message).toContain(
      "timeoutSeconds must be a positive number",
    );
    expect(configError(() => flow({ onFailure: (() => {}) as never }, function f() {})).message).toContain(
      "onFailure must be an array of functions",
    );
    expect(configError(() => flow({ parameters: {} } as never, function f() {})).message).toContain(
      "parameters must be a zod schema",
    );
  });
});

describe("task() options", () => {
  it("keeps the function name as the default task name", () => {
    expect(task(function getRepoInfo() {}).name).toBe("getRepoInfo");
  });

  it("validates retry delays, jitter, cache options and tags", () => {
    expect(configError(() => task({ retryDelaySeconds: [1, -2] }, function t() {})).message).toContain(
      "retryDelaySeconds[1] must be a non-negative",
    );
    expect(configError(() => task({ retryDelaySeconds: new Array(51).fill(1) }, function t() {})).message).toContain(
      "at most 50",
    );
    expect(configError(() => task({ retryJitterFactor: -1 }, function t() {})).message).toContain(
      "retryJitterFactor must be a non-negative number",
    );
    expect(configError(() => task({ cachePolicy: "INPUTS" as never }, function t() {})).message).toContain(
      "must be a CachePolicy",
    );
    expect(configError(() => task({ cacheExpiration: -5 }, function t() {})).message).toContain(
      "cacheExpiration must be a positive number of seconds",
    );
    expect(configError(() => task({ tags: [1] as never }, function t() {})).message).toContain(
      "tags must be an array of strings",
    );
    expect(
      configError(() => task({ persistResult: false, cachePolicy: CachePolicy.INPUTS }, function t() {})).message,
    ).toContain("caching needs persisted results");
  });

  it("with() replaces options and keeps the name", () => {
    const t = task({ retries: 1 }, function add(a: number, b: number) {
      return a + b;
    });
    const t2 = t.with({ retries: 3 });
    expect(t2.name).toBe("add");
    expect(t2.options.retries).toBe(3);
    expect(() => t.with({ retries: -1 })).toThrow(ConfigError);
  });

  it("runs as a plain function outside flows", async () => {
    const add = task(function add(a: number, b = 2) {
      return a + b;
    });
    expect(await add(1)).toBe(3);
    expect(await add.map([1, 2, 3], [10, 20, 30])).toEqual([11, 22, 33]);
    await expect(add.map([1, 2], [1])).rejects.toThrow(RangeError);
  });
});
