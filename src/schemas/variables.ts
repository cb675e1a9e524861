// Variable models: the Variable object, its create/update actions and Prefect's name and value rules.
// Variable filters live in filters/variables.ts; the SDK's `Variable` class in src/variables.ts.
import { z } from "zod";
import { DateTimeString, Uuid } from "./common.js";

/** Prefect's `MAX_VARIABLE_NAME_LENGTH`. */
export const MAX_VARIABLE_NAME_LENGTH = 255;
/** Prefect's `MAX_VARIABLE_VALUE_LENGTH`: the most characters of a value's JSON text (as Python's `json.dumps` writes it). */
export const MAX_VARIABLE_VALUE_LENGTH = 5000;

/** A JSON value: what a variable holds. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const NAME_PATTERN = /^[a-z0-9_-]*$/;
const NAME_MESSAGE = "Variable name must only contain lowercase letters, numbers, and dashes or underscores.";

/**
 * A variable's name as Prefect validates it (`validate_variable_name`): at most 255 characters of lowercase
 * letters, digits, dashes and underscores.
 */
export const VariableName = z
  .string()
  .max(MAX_VARIABLE_NAME_LENGTH)
  .refine((name) => NAME_PATTERN.test(name), { error: NAME_MESSAGE, abort: true });

/**
 * The length of `value` as Python's `json.dumps` writes it (`", "` and `": "` separators, non-ASCII escaped),
 * which is what Prefect compares with {@link MAX_VARIABLE_VALUE_LENGTH}.
 */
export function pythonJsonLength(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === "boolean") return value ? 4 : 5;
  if (typeof value === "number")
    return Number.isInteger(value) && !Object.is(value, -0) ? String(value).length : pythonFloat(value).length;
  if (typeof value === "string") return pythonStringLength(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 2;
    return 2 + value.reduce((n: number, item) => n + pythonJsonLength(item), 0) + 2 * (value.length - 1);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return 2;
  return (
    2 + entries.reduce((n, [k, v]) => n + pythonStringLength(k) + 2 + pythonJsonLength(v), 0) + 2 * (entries.length - 1)
  );
}

function pythonFloat(value: number): string {
  // Python's repr of a float: 1.0, 1e+20, 1.5e-07; JavaScript's String drops the ".0" and pads exponents less.
  const text = String(value);
  if (/e/.test(text)) return text.replace(/e([+-])(\d)$/, "e$10$2");
  return text.includes(".") ? text : `${text}.0`;
}

function pythonStringLength(value: string): number {
  let n = 2;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (
      code === 0x22 ||
      code === 0x5c ||
      code === 0x0a ||
      code === 0x0d ||
      code === 0x09 ||
      code === 0x08 ||
      code === 0x0c
    )
      n += 2;
    else if (code < 0x20 || code > 0x7e) n += 6;
    else n += 1;
  }
  return n;
}

/** A variable's value: any JSON value whose JSON text is at most {@link MAX_VARIABLE_VALUE_LENGTH} characters. */
export const VariableValue = z
  .union([z.string(), z.number(), z.boolean(), z.record(z.string(), z.unknown()), z.array(z.unknown()), z.null()])
  .refine((value) => value === null || pythonJsonLength(value) <= MAX_VARIABLE_VALUE_LENGTH, {
    error: `Variable value must be less than ${MAX_VARIABLE_VALUE_LENGTH} characters.`,
  });

/** A variable as returned by the API (`Variable`). */
export const Variable = z.object({
  id: Uuid,
  created: DateTimeString.nullable(),
  updated: DateTimeString.nullable(),
  name: z.string().max(MAX_VARIABLE_NAME_LENGTH),
  value: VariableValue,
  tags: z.array(z.string()).default(() => []),
});
/** A variable. */
export type Variable = z.infer<typeof Variable>;
/** A variable as accepted on input. */
export type VariableInput = z.input<typeof Variable>;

/** Body of `POST /variables/` (`VariableCreate`). */
export const VariableCreate = z.strictObject({
  name: VariableName,
  value: VariableValue,
  tags: z.array(z.string()).optional(),
});
/** A variable creation request. */
export type VariableCreate = z.infer<typeof VariableCreate>;
/** A variable creation request as sent. */
export type VariableCreateInput = z.input<typeof VariableCreate>;

/**
 * Body of `PATCH /variables/{id}` and `/variables/name/{name}` (`VariableUpdate`): only the fields the request
 * sets are applied (Prefect's `exclude_unset`), so absent fields stay absent; an explicit `null` is applied.
 */
export const VariableUpdate = z.strictObject({
  name: VariableName.nullish(),
  value: VariableValue.optional(),
  tags: z.array(z.string()).nullish(),
});
/** A variable update request. */
export type VariableUpdate = z.infer<typeof VariableUpdate>;
/** A variable update request as sent. */
export type VariableUpdateInput = z.input<typeof VariableUpdate>;
