// Converts zod issues into pydantic-style 422 details (`{type, loc, msg, input, ctx}`) so our 422 bodies
// read like Prefect's: same `type` names, `loc` prefixed by "body"/"path"/"query", same messages.
import type { z } from "zod";
import type { ValidationErrorDetail } from "../../schemas/index.js";

type Issue = z.core.$ZodIssue;
type Loc = (string | number)[];

const MISSING = Symbol("missing");

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return MISSING;
    if (!(key in (value as object))) return MISSING;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((v) => (typeof v === "string" ? `'${v}'` : String(v)));
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}

function typeError(expected: string): { type: string; msg: string } {
  switch (expected) {
    case "string":
      return { type: "string_type", msg: "Input should be a valid string" };
    case "int":
      return { type: "int_type", msg: "Input should be a valid integer" };
    case "number":
      return { type: "float_type", msg: "Input should be a valid number" };
    case "boolean":
      return { type: "bool_type", msg: "Input should be a valid boolean" };
    case "array":
    case "tuple":
      return { type: "list_type", msg: "Input should be a valid list" };
    case "record":
    case "map":
      return { type: "dict_type", msg: "Input should be a valid dictionary" };
    case "object":
      return {
        type: "model_attributes_type",
        msg: "Input should be a valid dictionary or object to extract fields from",
      };
    default:
      return { type: `${expected}_type`, msg: `Input should be a valid ${expected}` };
  }
}

function sizeError(issue: Extract<Issue, { code: "too_small" | "too_big" }>): Omit<ValidationErrorDetail, "loc"> {
  const small = issue.code === "too_small";
  const bound = Number(
    small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum,
  );
  if (issue.origin === "string") {
    return small
      ? { type: "string_too_short", msg: `String should have at least ${bound} characters`, ctx: { min_length: bound } }
      : { type: "string_too_long", msg: `String should have at most ${bound} characters`, ctx: { max_length: bound } };
  }
  if (issue.origin === "array" || issue.origin === "set") {
    return small
      ? {
          type: "too_short",
          msg: `List should have at least ${bound} items after validation`,
          ctx: { min_length: bound },
        }
      : {
          type: "too_long",
          msg: `List should have at most ${bound} items after validation`,
          ctx: { max_length: bound },
        };
  }
  const inclusive = issue.inclusive !== false;
  if (small) {
    return inclusive
      ? { type: "greater_than_equal", msg: `Input should be greater than or equal to ${bound}`, ctx: { ge: bound } }
      : { type: "greater_than", msg: `Input should be greater than ${bound}`, ctx: { gt: bound } };
  }
  return inclusive
    ? { type: "less_than_equal", msg: `Input should be less than or equal to ${bound}`, ctx: { le: bound } }
    : { type: "less_than", msg: `Input should be less than ${bound}`, ctx: { lt: bound } };
}

function convert(issue: Issue, root: unknown, prefix: Loc, out: ValidationErrorDetail[]): void {
  const path = issue.path as PropertyKey[];
  const loc: Loc = [...prefix, ...path.map((k) => (typeof k === "number" ? k : String(k)))];
  const here = valueAt(root, path);
  const input = here === MISSING ? undefined : here;
  const push = (detail: Omit<ValidationErrorDetail, "loc">, at: Loc = loc, value: unknown = input) =>
    out.push({ ...detail, loc: at, input: value === undefined ? null : value });

  switch (issue.code) {
    case "invalid_type": {
      if (here === MISSING || here === undefined) {
        // pydantic reports a missing field with the enclosing object as input.
        const parent = valueAt(root, path.slice(0, -1));
        push({ type: "missing", msg: "Field required" }, loc, parent === MISSING ? null : parent);
      } else if (issue.expected === "int" && typeof here === "number") {
        push({ type: "int_from_float", msg: "Input should be a valid integer, got a number with a fractional part" });
      } else {
        push(typeError(issue.expected));
      }
      return;
    }
    case "invalid_format": {
      const format = issue.format;
      if (format === "guid" || format === "uuid") {
        push({ type: "uuid_parsing", msg: "Input should be a valid UUID", ctx: { error: "invalid UUID format" } });
      } else if (format === "datetime" || format === "date") {
        push({
          type: "datetime_from_date_parsing",
          msg: "Input should be a valid datetime or date, with a UTC offset (e.g. 2024-05-01T12:00:00Z)",
          ctx: { error: "invalid datetime format" },
        });
      } else if (format === "regex") {
        const pattern = String((issue as { pattern?: unknown }).pattern ?? "");
        push({
          type: "string_pattern_mismatch",
          msg: issue.message || `String should match pattern '${pattern}'`,
          ctx: { pattern },
        });
      } else {
        push({ type: "value_error", msg: issue.message });
      }
      return;
    }
    case "invalid_value": {
      const expected = quoteList(issue.values);
      push({
        type: issue.values.length === 1 ? "literal_error" : "enum",
        msg: `Input should be ${expected}`,
        ctx: { expected },
      });
      return;
    }
    case "unrecognized_keys":
      for (const key of issue.keys) {
        const value = valueAt(root, [...path, key]);
        push(
          { type: "extra_forbidden", msg: "Extra inputs are not permitted" },
          [...loc, key],
          value === MISSING ? null : value,
        );
      }
      return;
    case "too_small":
    case "too_big":
      push(sizeError(issue));
      return;
    case "invalid_union": {
      // Report the branch that got furthest (fewest issues), as the most useful explanation.
      const branches = issue.errors.filter((branch) => branch.length > 0);
      const best = branches.sort((a, b) => a.length - b.length)[0];
      if (!best) {
        push({ type: "union_tag_invalid", msg: issue.message });
        return;
      }
      for (const nested of best) {
        const nestedPath = nested.path as PropertyKey[];
        const full =
          nestedPath.length >= path.length && path.every((k, i) => nestedPath[i] === k)
            ? nestedPath
            : [...path, ...nestedPath];
        convert({ ...nested, path: full } as Issue, root, prefix, out);
      }
      return;
    }
    default:
      push({ type: "value_error", msg: `Value error, ${issue.message}` });
  }
}

/**
 * Converts zod issues for `input` to pydantic-style details under `location` ("body", "path", "query").
 * @example toValidationDetails(result.error.issues, body, "body")
 *   // [{ type: "missing", loc: ["body", "name"], msg: "Field required", input: {} }]
 */
export function toValidationDetails(
  issues: readonly Issue[],
  input: unknown,
  location: "body" | "path" | "query",
): ValidationErrorDetail[] {
  const out: ValidationErrorDetail[] = [];
  for (const issue of issues) convert(issue, input, [location], out);
  return out;
}
