// `prefect-ts variable set|get|ls|inspect|unset` in-process through the CLI's entry, on an embedded database (temp
// PREFECT_HOME): JSON-or-text values, --overwrite and --tag, snake_case inspect, and the messages for a missing or taken name.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess, tempHome } from "./cli-helpers.js";

let home: string;
let env: Record<string, string>;

beforeAll(() => {
  home = tempHome();
  env = { PREFECT_HOME: home };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("prefect-ts variable", () => {
  it("set stores JSON when the value parses and text otherwise; get prints the value as JSON", async () => {
    const set = await runCliInProcess(
      ["variable", "set", "db_config", '{"host": "localhost", "port": 5432}', "--tag", "prod", "--tag", "db"],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain("Set variable 'db_config'.");
    expect((await runCliInProcess(["variable", "set", "greeting", "hello world"], env)).code).toBe(0);
    const get = await runCliInProcess(["variable", "get", "db_config"], env);
    expect(get.code, get.stderr).toBe(0);
    expect(JSON.parse(get.stdout)).toEqual({ host: "localhost", port: 5432 });
    expect((await runCliInProcess(["variable", "get", "greeting"], env)).stdout.trim()).toBe('"hello world"');
  });

  it("set on a taken name fails without --overwrite and replaces the value with it", async () => {
    const again = await runCliInProcess(["variable", "set", "greeting", "42"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("Variable 'greeting' already exists. Use `--overwrite` to update it.");
    const overwrite = await runCliInProcess(["variable", "set", "greeting", "42", "--overwrite"], env);
    expect(overwrite.code, overwrite.stderr).toBe(0);
    expect((await runCliInProcess(["variable", "get", "greeting"], env)).stdout.trim()).toBe("42");
  });

  it("inspect prints the variable as the API returns it; ls lists them as a table or JSON", async () => {
    const inspect = await runCliInProcess(["variable", "inspect", "db_config"], env);
    expect(inspect.code, inspect.stderr).toBe(0);
    const shown = JSON.parse(inspect.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ name: "db_config", value: { host: "localhost", port: 5432 }, tags: ["prod", "db"] });
    expect(Object.keys(shown).sort()).toEqual(["created", "id", "name", "tags", "updated", "value"]);
    const ls = await runCliInProcess(["variable", "ls"], env);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toContain("Variables");
    expect(ls.stdout.indexOf("db_config")).toBeLessThan(ls.stdout.indexOf("greeting"));
    expect(ls.stdout).toContain('{"host":"localhost","port":5432}');
    const json = await runCliInProcess(["variable", "ls", "-o", "json"], env);
    expect((JSON.parse(json.stdout) as { name: string }[]).map((v) => v.name)).toEqual(["db_config", "greeting"]);
  });

  it("a bad name is refused with Prefect's rule; unset deletes and a missing name says so", async () => {
    const bad = await runCliInProcess(["variable", "set", "Bad Name", "1"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("lowercase letters, numbers, and dashes or underscores");
    const unset = await runCliInProcess(["variable", "unset", "greeting"], env);
    expect(unset.code, unset.stderr).toBe(0);
    expect(unset.stdout).toContain("Unset variable 'greeting'.");
    const missing = await runCliInProcess(["variable", "get", "greeting"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Variable 'greeting' not found.");
    expect((await runCliInProcess(["variable", "delete", "greeting"], env)).stderr).toContain(
      "Variable 'greeting' not found.",
    );
  });
});
