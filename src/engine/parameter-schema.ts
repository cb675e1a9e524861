// Validation of zod-declared flow parameters: the caller's `z.input` is parsed into the `z.output` the function
// receives; failures become ParameterValidationError naming every failing field.
import type { z } from "zod";
import { ParameterValidationError } from "../errors.js";

/** The parsed parameters, or the error naming each failing field. */
export type SchemaCheck = { ok: true; value: unknown } | { ok: false; error: ParameterValidationError };

/** Parses `input` with the flow's schema. */
export function validateSchemaParameters(flowName: string, schema: z.ZodType, input: unknown): SchemaCheck {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join(".") : "(parameters)",
    message: issue.message,
  }));
  const list = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return {
    ok: false,
    error: new ParameterValidationError(`Flow "${flowName}" got invalid parameters: ${list}`, issues, {
      cause: result.error,
    }),
  };
}
