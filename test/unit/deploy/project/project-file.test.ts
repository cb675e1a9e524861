// prefect.yaml as Prefect 3 writes it: every key read, anchors and merge keys, step lists in both forms, unknown keys
// as warnings with their line, and every mistake an error naming the file's line, the deployment and the key.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../src/errors.js";
import { parseProjectFile } from "../../../../src/deploy/project/prefect-file.js";
import { recipes, renderRecipe } from "../../../../src/deploy/project/recipes.js";

const FULL = `name: etl-project
prefect-version: 3.8.3
definitions:
  schedules:
    nightly: &nightly
      cron: "0 2 * * *"
      timezone: America/New_York
      day_or: false
  pool: &pool
    name: docker-pool
    work_queue_name: critical
    job_variables:
      image: "{{ build-image.image }}"
build:
  prefect_ts.deployments.steps.build_docker_image:
    id: build-image
    image_name: reg/etl
push: null
pull:
  - prefect_ts.deployments.steps.git_clone:
      repository: https://example.test/org/etl.git
      branch: main
      access_token: "{{ prefect.variables.token }}"
deployments:
  - name: nightly
    version: 2
    version_type: simple
    tags: [etl, nightly]
    description: loads the warehouse
    entrypoint: flows/etl.ts:etl
    flow_name: etl
    parameters: { day: yesterday, limits: { rows: 10 } }
    enforce_parameter_schema: false
    schedule: *nightly
    paused: true
    concurrency_limit: { limit: 2, collision_strategy: ENQUEUE }
    work_pool: *pool
    pull:
      - prefect_ts.deployments.steps.set_working_directory: { directory: /opt/etl }
  - name: hourly
    entrypoint: flows/etl.ts:etl
    concurrency_limit: 1
    schedules:
      - interval: 3600
        anchor_date: "2026-01-01T00:00:00Z"
        active: false
        parameters: { day: today }
        slug: hourly
      - rrule: "FREQ=WEEKLY;BYDAY=MO"
        timezone: Europe/Berlin
        max_scheduled_runs: 5
    work_pool:
      <<: *pool
      work_queue_name: default
`;

function error(text: string): ConfigError {
  try {
    parseProjectFile(text, "/p/prefect.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("no error");
}

describe("parseProjectFile", () => {
  it("reads every key, resolving anchors, aliases and merge keys", () => {
    const file = parseProjectFile(FULL, "/p/prefect.yaml");
    expect(file.name).toBe("etl-project");
    expect(file.directory).toBe("/p");
    expect(file.warnings).toEqual([]);
    expect(file.build).toEqual([
      { "prefect_ts.deployments.steps.build_docker_image": { id: "build-image", image_name: "reg/etl" } },
    ]);
    expect(file.push).toEqual([]);
    expect(file.pull).toHaveLength(1);
    const [nightly, hourly] = file.deployments;
    expect(nightly).toMatchObject({
      name: "nightly",
      version: 2,
      tags: ["etl", "nightly"],
      parameters: { day: "yesterday", limits: { rows: 10 } },
      enforce_parameter_schema: false,
      schedule: { cron: "0 2 * * *", timezone: "America/New_York", day_or: false },
      paused: true,
      concurrency_limit: { limit: 2, collision_strategy: "ENQUEUE" },
      work_pool: {
        name: "docker-pool",
        work_queue_name: "critical",
        job_variables: { image: "{{ build-image.image }}" },
      },
      pull: [{ "prefect_ts.deployments.steps.set_working_directory": { directory: "/opt/etl" } }],
      line: 25,
    });
    expect(hourly).toMatchObject({
      name: "hourly",
      concurrency_limit: 1,
      work_pool: { name: "docker-pool", work_queue_name: "default" },
      schedules: [
        {
          interval: 3600,
          anchor_date: "2026-01-01T00:00:00Z",
          active: false,
          parameters: { day: "today" },
          slug: "hourly",
        },
        { rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: "Europe/Berlin", max_scheduled_runs: 5 },
      ],
    });
  });

  it("warns about unknown keys with their line, at every level, and uses the rest", () => {
    const file = parseProjectFile(
      "naem: x\ndeployments:\n  - name: a\n    entrypoint: f.ts:g\n    shedule: { cron: '* * * * *' }\n    schedule: { cron: '0 * * * *', tz: UTC }\n    work_pool: { name: p, queue: q }\n",
      "/p/prefect.yaml",
    );
    expect(file.warnings).toEqual([
      'prefect.yaml:1: unknown key "naem" is ignored.',
      'prefect.yaml:5: unknown key "shedule" in deployment "a" is ignored.',
      'prefect.yaml:7: unknown key "queue" in deployment "a" is ignored.',
      'prefect.yaml:6: unknown key "tz" in deployment "a" is ignored.',
    ]);
    expect(file.deployments[0]?.schedule).toMatchObject({ cron: "0 * * * *" });
  });

  it.each([
    [
      "a wrong type, naming the deployment, the key and its line",
      "deployments:\n  - name: a\n  - name: b\n    parameters: [1, 2]\n",
      /^prefect\.yaml:4: deployment "b": "parameters" expected record, received array\.$/,
    ],
    [
      "a nested wrong type",
      "deployments:\n  - name: a\n    work_pool:\n      name: p\n      job_variables: 3\n",
      /^prefect\.yaml:5: deployment "a": "work_pool\.job_variables" expected record, received number\.$/,
    ],
    [
      "a deployment without a name",
      "deployments:\n  - entrypoint: f.ts:g\n",
      /^prefect\.yaml:2: deployments\[0\]: "name" expected string, received undefined\.$/,
    ],
    [
      "a schedule with no kind",
      "deployments:\n  - name: a\n    schedules:\n      - timezone: UTC\n",
      /^prefect\.yaml:4: deployment "a": a schedule needs exactly one of cron, interval or rrule, e\.g\./,
    ],
    [
      "a step with two names",
      "build:\n  - a.b: {}\n    c.d: {}\n",
      /^prefect\.yaml:2: "build\.0" a step is a mapping with one key/,
    ],
    [
      "two deployments of one name",
      "deployments:\n  - name: a\n  - name: a\n",
      /^prefect\.yaml:3: deployment "a" is declared twice \(first on line 2\)/,
    ],
    ["invalid YAML", "deployments:\n  - name: a\n   bad: [\n", /^prefect\.yaml:\d+: invalid YAML: /],
    ["a top-level list", "- a\n- b\n", /^prefect\.yaml:1: expected object, received array\.$/],
  ])("%s", (_what, text, expected) => {
    expect(error(text).message).toMatch(expected);
  });
});

describe("init recipes", () => {
  const context = {
    directory: "/home/me/etl",
    projectName: "etl",
    gitRemote: "https://example.test/me/etl.git",
    gitBranch: "dev",
  };
  const all = recipes(context);

  it.each(Object.keys(all))("%s renders a prefect.yaml that reads back", (name) => {
    const recipe = all[name]!;
    const fields = Object.fromEntries(recipe.fields.map((f) => [f.name, f.default ?? "x"]));
    const file = parseProjectFile(renderRecipe(recipe, fields, context, "3.8.3"), "/home/me/etl/prefect.yaml");
    expect(file.warnings).toEqual([]);
    expect(file.deployments).toEqual([]);
    expect(file.pull.length).toBeGreaterThan(0);
  });

  it("fills fields and defaults from the checkout", () => {
    const git = all["docker-git"]!;
    expect(git.fields.map((f) => [f.name, f.default])).toEqual([
      ["image_name", "etl"],
      ["tag", "latest"],
      ["repository", "https://example.test/me/etl.git"],
      ["branch", "dev"],
    ]);
    const file = parseProjectFile(
      renderRecipe(
        git,
        { image_name: "reg/etl", tag: "v1", repository: "https://r.test/x.git", branch: "main" },
        context,
        "3.8.3",
      ),
      "/p/prefect.yaml",
    );
    expect(file.build).toEqual([
      {
        "prefect_ts.deployments.steps.build_docker_image": {
          id: "build-image",
          image_name: "reg/etl",
          tag: "v1",
          dockerfile: "auto",
        },
      },
    ]);
    expect(file.push).toEqual([
      {
        "prefect_ts.deployments.steps.push_docker_image": {
          image_name: "{{ build-image.image_name }}",
          tag: "{{ build-image.tag }}",
        },
      },
    ]);
    expect(file.pull[0]).toEqual({
      "prefect_ts.deployments.steps.git_clone": { repository: "https://r.test/x.git", branch: "main" },
    });
  });

  it("names a missing field and the flag that gives it", () => {
    expect(() => renderRecipe(all.git!, { branch: "main" }, { directory: "/x", projectName: "x" }, "3.8.3")).toThrow(
      /The git recipe needs "repository": pass --field repository=VALUE/,
    );
  });
});

describe("the README's prefect.yaml", () => {
  it("reads without warnings: every key it shows is one deploy uses", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Project files"));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const file = parseProjectFile(yaml!, "/p/prefect.yaml");
    expect(file.warnings).toEqual([]);
    expect(file.deployments.map((d) => d.name)).toEqual(["nightly", "hourly"]);
    expect(file.pull).toHaveLength(2);
  });
});
