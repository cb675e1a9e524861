// Prefect's `apply_values` rules, one row per rule: type-preserving placeholders, dropped keys, embedded strings,
// nested objects and arrays, skipped and non-standard placeholders.
import { describe, expect, it } from "vitest";
import { applyValues, findPlaceholders, valueAtPath } from "../../../../src/schemas/templating.js";

describe("findPlaceholders", () => {
  it.each([
    ["", []],
    ["Hello {{name}}!", [["{{name}}", "name", "standard"]]],
    [
      "{{ a }} and {{ a }} and {{b}}",
      [
        ["{{ a }}", "a", "standard"],
        ["{{b}}", "b", "standard"],
      ],
    ],
    ["{{ prefect.blocks.secret.x }}", [["{{ prefect.blocks.secret.x }}", "prefect.blocks.secret.x", "block_document"]]],
    ["{{ prefect.variables.v }}", [["{{ prefect.variables.v }}", "prefect.variables.v", "variable"]]],
    ["{{ $HOME }}", [["{{ $HOME }}", "$HOME", "env_var"]]],
    ["{{ ctx.flow_run.id }}", [["{{ ctx.flow_run.id }}", "ctx.flow_run.id", "standard"]]],
    ["{{ not a placeholder }}", []],
  ] as const)("finds the placeholders of %j", (template, expected) => {
    expect(findPlaceholders(template).map((p) => [p.fullMatch, p.name, p.kind])).toEqual(expected);
  });

  it("walks objects and arrays", () => {
    expect(findPlaceholders({ a: ["{{ x }}", { b: "{{ y }}" }], c: 1, d: true, e: null }).map((p) => p.name)).toEqual([
      "x",
      "y",
    ]);
  });
});

describe("valueAtPath", () => {
  const values = { a: { b: [{ c: 1 }, "two"] }, flat: false };
  it.each([
    ["flat", false],
    ["a.b[0].c", 1],
    ["a.b[1]", "two"],
    ["a.missing", undefined],
    ["a.b[5]", undefined],
    ["flat.deeper", undefined],
  ] as const)("%s -> %j", (path, expected) => {
    expect(valueAtPath(values, path)).toEqual(expected);
  });
});

describe("applyValues", () => {
  const values = {
    str: "text",
    num: 3,
    bool: false,
    obj: { K: "v" },
    list: ["a", "b"],
    nul: null,
    nested: { deep: 7 },
  };

  it.each([
    ["a string that is one placeholder keeps a string", { x: "{{ str }}" }, { x: "text" }],
    ["... keeps a number", { x: "{{ num }}" }, { x: 3 }],
    ["... keeps false", { x: "{{ bool }}" }, { x: false }],
    ["... keeps an object", { x: "{{ obj }}" }, { x: { K: "v" } }],
    ["... keeps an array", { x: "{{ list }}" }, { x: ["a", "b"] }],
    ["spaces inside the braces do not matter", { x: "{{num}}" }, { x: 3 }],
    ["a dotted path reads nested values", { x: "{{ nested.deep }}" }, { x: 7 }],
    ["a missing variable drops the key", { x: "{{ missing }}", y: 1 }, { y: 1 }],
    ["a null variable drops the key", { x: "{{ nul }}", y: 1 }, { y: 1 }],
    ["a missing variable drops an array item", { x: ["{{ missing }}", "{{ str }}"] }, { x: ["text"] }],
    ["an embedded placeholder becomes the string form", { x: "v={{ num }}" }, { x: "v=3" }],
    ["embedded booleans", { x: "flag {{ bool }}" }, { x: "flag false" }],
    ["embedded objects are JSON", { x: "o={{ obj }}" }, { x: 'o={"K":"v"}' }],
    ["several placeholders in one string", { x: "{{ str }}-{{ num }}" }, { x: "text-3" }],
    ["the same placeholder twice", { x: "{{ num }}{{ num }}" }, { x: "33" }],
    ["an embedded missing variable becomes empty", { x: "a{{ missing }}b" }, { x: "ab" }],
    ["an embedded null variable becomes empty", { x: "a{{ nul }}b" }, { x: "ab" }],
    ["a placeholder with surrounding spaces is embedded", { x: " {{ num }}" }, { x: " 3" }],
    ["nested objects are walked", { a: { b: { c: "{{ num }}" } } }, { a: { b: { c: 3 } } }],
    ["arrays of objects are walked", { a: [{ b: "{{ str }}" }, 1, true, null] }, { a: [{ b: "text" }, 1, true, null] }],
    ["hard-coded values stay", { a: "plain", b: 1, c: true, d: null }, { a: "plain", b: 1, c: true, d: null }],
    [
      "blocks and Prefect variables stay as written",
      { a: "{{ prefect.blocks.secret.x }}", b: "{{ prefect.variables.v }}" },
      { a: "{{ prefect.blocks.secret.x }}", b: "{{ prefect.variables.v }}" },
    ],
    ["env placeholders stay without an environment", { a: "{{ $HOME }}" }, { a: "{{ $HOME }}" }],
  ])("%s", (_rule, template, expected) => {
    expect(applyValues(template, values)).toEqual(expected);
  });

  it("does not modify the template", () => {
    const template = { a: "{{ obj }}", b: ["{{ missing }}"] };
    const copy = structuredClone(template);
    applyValues(template, values);
    expect(template).toEqual(copy);
  });

  it("a top-level string with no value gives undefined", () => {
    expect(applyValues("{{ missing }}", values)).toBeUndefined();
  });

  it("keeps skipped prefixes as written, whole or embedded", () => {
    const template = { a: "{{ ctx.flow_run.id }}", b: "run-{{ ctx.flow_run.name }}-{{ num }}" };
    expect(applyValues(template, values, { skipPrefixes: ["ctx."] })).toEqual({
      a: "{{ ctx.flow_run.id }}",
      b: "run-{{ ctx.flow_run.name }}-3",
    });
  });

  it("replaces only the given prefixes with onlyPrefixes", () => {
    const template = { a: "{{ ctx.id }}", b: "{{ other }}", c: "{{ ctx.none }}" };
    expect(applyValues(template, { ctx: { id: "x" }, other: 1 }, { onlyPrefixes: ["ctx."] })).toEqual({
      a: "x",
      b: "{{ other }}",
    });
  });

  it("fills env placeholders from the environment given", () => {
    expect(applyValues({ a: "{{ $HOME }}/x", b: "{{ $NOPE }}" }, {}, { environment: { HOME: "/home/me" } })).toEqual({
      a: "/home/me/x",
      b: "",
    });
  });
});
